import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useNamesHidden } from '../facilitation/FacilitationBanner';
import { shortNameOf } from '../user/identity';
import { type StatementFlowNode, type StatementNodeData, loopMarkAttributes } from './flow-types';
import { PinIcon } from './PinIcon';
import { StatementHandles } from './StatementHandles';
import { StatementEditor } from './StatementEditor';
import { VALENCE_DISPLAY } from './valence';

/** Who else has this statement selected; during a gathering round, not by name. */
function PeerTags({ peers }: { peers: StatementNodeData['peers'] }) {
  const namesHidden = useNamesHidden();
  return (
    <div className="peer-tags">
      {peers.map((peer) => (
        <span
          key={peer.clientId}
          className="peer-tag"
          style={{ background: peer.color }}
          title={namesHidden ? 'Someone has this selected' : `${peer.name} has this selected`}
          data-testid="peer-tag"
        >
          {namesHidden ? '•' : shortNameOf(peer.name)}
        </span>
      ))}
    </div>
  );
}

/** A numbered statement box; its number is the same on every screen. */
function StatementNodeView({ id, data, selected }: NodeProps<StatementFlowNode>) {
  const { statement, editing, readOnly, peers, onLoop, loopMark } = data;
  const valence = VALENCE_DISPLAY[statement.valence];
  const firstPeer = peers[0];
  const classes = ['statement', `valence-${statement.valence}`];
  if (selected) classes.push('is-selected');
  if (editing) classes.push('is-editing');
  if (firstPeer) classes.push('has-peer');
  if (loopMark) classes.push(`is-${loopMark}`);
  if (data.faded) classes.push('is-faded');
  if (statement.pinned) classes.push('is-pinned');

  return (
    <div
      className={classes.join(' ')}
      data-testid="statement"
      data-statement-id={id}
      data-number={statement.number}
      data-valence={statement.valence}
      data-pinned={statement.pinned ? 'true' : undefined}
      data-faded={data.faded ? 'true' : undefined}
      {...loopMarkAttributes(onLoop, loopMark)}
      style={firstPeer ? { ['--peer-color' as string]: firstPeer.color } : undefined}
    >
      <StatementHandles nodeId={id} readOnly={readOnly} />
      <div className="statement-head">
        <span
          className="statement-number"
          data-testid="statement-number"
          data-provisional={data.provisional ? 'true' : undefined}
          title={data.provisional ? 'Not yet confirmed by the server: this number may still change' : undefined}
        >
          {statement.number}
          {data.provisional && <span aria-hidden="true">?</span>}
        </span>
        {statement.valence !== 'neutral' && (
          <span className="valence-tag" title={valence.action}>
            <span aria-hidden="true">{valence.sign}</span> {valence.word}
          </span>
        )}
        {statement.pinned && (
          <span className="pin-mark" data-testid="pin-mark" title="Pinned: layouts leave it here">
            <PinIcon />
            <span className="visually-hidden">Pinned</span>
          </span>
        )}
        {onLoop && (
          <span className="on-loop-mark" title="On a loop" aria-hidden="true">
            ⟳
          </span>
        )}
        {data.threads > 0 && (
          <span className="thread-badge" data-testid="thread-badge" title={`${data.threads} open ${data.threads === 1 ? 'thread' : 'threads'}: press C to read`}>
            <span aria-hidden="true">❝ </span>
            {data.threads}
            <span className="visually-hidden"> open {data.threads === 1 ? 'thread' : 'threads'}</span>
          </span>
        )}
      </div>
      {editing ? (
        <StatementEditor id={id} />
      ) : (
        <p className="statement-text" data-testid="statement-text">
          {statement.text}
        </p>
      )}
      {peers.length > 0 && <PeerTags peers={peers} />}
      {/* Shown only zoomed far out, where the words are specks: the number, big enough to read. */}
      <span className="statement-far-number" aria-hidden="true">
        {statement.number}
        {statement.valence !== 'neutral' && <span className="statement-far-sign">{valence.sign}</span>}
      </span>
    </div>
  );
}

export const StatementNode = memo(StatementNodeView);
