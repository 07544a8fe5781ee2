import { useEffect, useRef } from 'react';

interface MessagePageProps {
  title: string;
  message: string;
}

/** A whole page that says one thing and leads home: bad links, unknown pages. */
export function MessagePage({ title, message }: MessagePageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="message-page">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <p>{message}</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </main>
  );
}
