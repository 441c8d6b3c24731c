import React from 'react';

/** A tag colour as a swatch with its hex value. */
const ColorSwatch = ({ record, property }) => {
  const color = record && record.params ? record.params[property.path] : null;
  if (!color) return <span>—</span>;
  return (
    <span data-testid="color-swatch" style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <span style={{ display: 'inline-block', width: 16, height: 16, borderRadius: 3, border: '1px solid #ccc', background: color }} />
      <span>{color}</span>
    </span>
  );
};

export default ColorSwatch;
