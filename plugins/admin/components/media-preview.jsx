import React from 'react';

/** A media asset: an image preview when it is one, and its download link. */
const MediaPreview = ({ record, where }) => {
  const p = record && record.params ? record.params : {};
  const size = where === 'show' ? 200 : 48;
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
      {p.previewUrl ? <img src={p.previewUrl} alt="" loading="lazy" style={{ width: size, height: size, objectFit: 'cover' }} /> : null}
      {p.downloadUrl ? <a href={p.downloadUrl} data-testid="download-link">Download</a> : <span>no file</span>}
    </span>
  );
};

export default MediaPreview;
