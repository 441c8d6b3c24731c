import React from 'react';

/** An image cell: the record's thumbnail URL (signed by the server), or a dash. */
const ThumbnailCell = ({ record, property, where }) => {
  const url = record && record.params ? record.params[property.path] : null;
  const size = where === 'show' ? 160 : 48;
  if (!url) return <span data-testid="no-thumbnail">—</span>;
  return <img src={url} alt="" loading="lazy" data-testid="thumbnail" style={{ width: size, height: size, objectFit: 'cover', borderRadius: 4 }} />;
};

export default ThumbnailCell;
