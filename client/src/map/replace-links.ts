import { type ApiResult, type ReplacedTokens, replaceLinks } from '../app/api';
import { mapHref, replaceLocation } from '../app/routes';
import { rememberMap } from '../home/recent-maps';
import type { MapSession } from './map-session';

/** The link someone asks to replace. */
export type Replacement = 'edit' | 'view';

export type ReplaceOutcome = { ok: true; message: string } | { ok: false; message: string };

interface ReplaceRequest {
  session: MapSession;
  mapId: string;
  editToken: string;
  viewToken: string | null;
  which: Replacement;
}

const DONE: Record<Replacement, string> = {
  edit: 'Made a new edit link. The old edit link no longer works: give the new one to everyone who should still edit the map.',
  view: 'Made a new view-only link. The old view-only link no longer works: give the new one to everyone who should still see the map.',
};

function failure(result: Extract<ApiResult<ReplacedTokens>, { ok: false }>): string {
  switch (result.status) {
    case 0:
      return 'Could not reach the server, so the links are unchanged. Try again when you are back online.';
    case 401:
      return 'Your own edit link was replaced by someone else. Ask them for the new link.';
    default:
      return `The links are unchanged: ${result.message}`;
  }
}

/**
 * Replaces a link: the server makes a new token and closes every connection that used the
 * old one, this person's own included when it is the edit link. The session carries on with
 * the new token, and the address, the recent maps and the Share dialog show the new links.
 */
export async function replaceLink({ session, mapId, editToken, viewToken, which }: ReplaceRequest): Promise<ReplaceOutcome> {
  // The server may close this person's connection before its answer arrives: that is expected.
  const release = session.connection?.holdRevocations() ?? (() => undefined);
  try {
    const result = await replaceLinks(mapId, editToken, which);
    if (!result.ok) return { ok: false, message: failure(result) };
    const tokens = { editToken: result.value.editToken ?? editToken, viewToken: result.value.viewToken ?? viewToken };
    session.connection?.useToken(tokens.editToken);
    rememberMap({ id: mapId, ...tokens });
    replaceLocation(mapHref(mapId, tokens.editToken, tokens.viewToken));
    return { ok: true, message: DONE[which] };
  } finally {
    release();
  }
}
