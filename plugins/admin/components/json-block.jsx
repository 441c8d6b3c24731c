import React from 'react';
import { useTranslation } from 'adminjs';
import { ValueGroup } from '@adminjs/design-system';

/** A JSON value (sent as text by the resource's decorate) shown formatted, never as a React child. */
const JsonBlock = ({ record, property }) => {
  const { translateProperty } = useTranslation();
  const raw = record && record.params ? record.params[property.path] : null;
  let text = raw || '';
  try {
    text = JSON.stringify(JSON.parse(raw), null, 2);
  } catch (e) {
    // Not JSON after all: shown as it is.
  }
  return (
    <ValueGroup label={translateProperty(property.label, property.resourceId)}>
      <pre data-testid={`json-${property.path}`} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 400, overflow: 'auto', margin: 0 }}>
        {text || '—'}
      </pre>
    </ValueGroup>
  );
};

export default JsonBlock;
