import type * as Y from 'yjs';
import { type Gathering, type Spotlight, isAnonymous, readGathering, readSpotlight } from '@causal-map/shared/facilitation';

/** Facilitation as this person sees it: what the document says, and whom they follow. */
export interface FacilitationState {
  spotlight: Spotlight | null;
  gathering: Gathering | null;
  anonymous: boolean;
  /** The client id of the person whose view this person follows. */
  following: number | null;
}

export function initialFacilitationState(): FacilitationState {
  return { spotlight: null, gathering: null, anonymous: false, following: null };
}

/** The facilitation parts of `meta`, read again whenever `meta` changes. */
export function readFacilitation(doc: Y.Doc): Pick<FacilitationState, 'spotlight' | 'gathering' | 'anonymous'> {
  return { spotlight: readSpotlight(doc), gathering: readGathering(doc), anonymous: isAnonymous(doc) };
}
