import React from 'react';

const MAX = 80;

/** A long text (e.g. a prompt) in a list cell: its start, cut at a word, with the whole text on hover. */
const TextPreview = ({ record, property }) => {
  const text = (record && record.params ? record.params[property.path] : null) || '';
  if (!text) return <span>—</span>;
  let preview = text;
  if (text.length > MAX) {
    const cut = text.slice(0, MAX);
    const space = cut.lastIndexOf(' ');
    preview = `${(space > MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
  }
  return (
    // A minimum width, or the table squeezes the sentence to one word a line.
    <span title={text} data-testid={`preview-${property.path}`} style={{ display: 'inline-block', minWidth: '8em' }}>
      {preview}
    </span>
  );
};

export default TextPreview;
