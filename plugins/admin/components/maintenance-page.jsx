import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, Button, H2, Text } from '@adminjs/design-system';

const api = new ApiClient();

/** Reindex, cleanup (dry run first) and thumbnail regeneration: each runs by POST and shows its report. */
const MaintenancePage = () => {
  const [operations, setOperations] = useState([]);
  const [done, setDone] = useState({});
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(null);

  useEffect(() => {
    api.getPage({ pageName: 'maintenance' }).then((res) => setOperations(res.data.operations || []));
  }, []);

  const run = async (op) => {
    if (op.danger && !window.confirm(`${op.label}: ${op.description}`)) return;
    setBusy(op.key);
    setResult(null);
    try {
      const res = await api.getPage({ pageName: 'maintenance', method: 'post', data: { operation: op.key } });
      setResult(res.data);
      if (res.data.notice && res.data.notice.type === 'success') setDone({ ...done, [op.key]: true });
    } catch (err) {
      setResult({ notice: { message: String(err), type: 'error' } });
    }
    setBusy(null);
  };

  return (
    <Box p="xl" data-testid="maintenance-page">
      <H2>Maintenance</H2>
      {operations.length === 0 ? <Text>No maintenance operations: their plugins are not loaded.</Text> : null}
      {operations.map((op) => (
        <Box key={op.key} variant="card" p="lg" mb="lg">
          <Text mb="default"><strong>{op.label}</strong>: {op.description}</Text>
          <Button
            data-testid={`op-${op.key}`}
            variant={op.danger ? 'danger' : 'contained'}
            disabled={Boolean(busy) || Boolean(op.after && !done[op.after])}
            onClick={() => run(op)}
          >
            {busy === op.key ? 'Running…' : op.label}
          </Button>
          {op.after && !done[op.after] ? <Text mt="default" color="grey60">Run the dry run first.</Text> : null}
        </Box>
      ))}
      {result ? (
        <Box variant="card" p="lg" data-testid="op-result">
          {result.notice ? <Text data-testid="op-message" color={result.notice.type === 'error' ? 'error' : 'success'}>{result.notice.message}</Text> : null}
          {result.data !== undefined ? <pre style={{ whiteSpace: 'pre-wrap', maxHeight: 400, overflow: 'auto' }}>{JSON.stringify(result.data, null, 2)}</pre> : null}
        </Box>
      ) : null}
    </Box>
  );
};

export default MaintenancePage;
