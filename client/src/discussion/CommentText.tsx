import { mentionedNames } from '@causal-map/shared/comments';

/**
 * A comment's words as plain text (React escapes them: nothing in a comment is markup), with
 * the names of people present that it @mentions highlighted.
 */
export function CommentText({ text, names }: { text: string; names: readonly string[] }) {
  const mentioned = mentionedNames(text, names);
  if (mentioned.length === 0) return <p className="comment-text">{text}</p>;
  const pattern = new RegExp(`(@(?:${mentioned.map(escape).join('|')}))`, 'giu');
  return (
    <p className="comment-text">
      {text.split(pattern).map((part, index) =>
        index % 2 === 1 ? (
          <mark key={index} className="mention">
            {part}
          </mark>
        ) : (
          part
        ),
      )}
    </p>
  );
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
