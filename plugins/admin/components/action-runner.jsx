import React, { useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, Button, H4, Text } from '@adminjs/design-system';

const api = new ApiClient();

/**
 * Runs a plugin action by POST (never GET: a GET must not change anything). Actions that
 * declare `custom.steps` (e.g. cleanup: dry run, then delete) show one button per step;
 * `custom.fields` are text inputs sent along.
 */
const ActionRunner = (props) => {
  const { action, resource, record, records } = props;
  const custom = action.custom || {};
  const steps = custom.steps || [{ label: action.label || 'Run', params: {} }];
  const fields = custom.fields || [];
  const [values, setValues] = useState({});
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);

  const run = async (step) => {
    setBusy(true);
    setResult(null);
    const merged = { ...values, ...step.params };
    // A file field makes it a multipart form; otherwise plain JSON.
    let data = merged;
    if (fields.some((f) => f.type === 'file')) {
      data = new FormData();
      Object.entries(merged).forEach(([k, v]) => data.append(k, v));
    }
    try {
      let res;
      if (action.actionType === 'record') {
        res = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, method: 'post', data });
      } else if (action.actionType === 'bulk') {
        res = await api.bulkAction({ resourceId: resource.id, recordIds: (records || []).map((r) => r.id), actionName: action.name, method: 'post', data });
      } else {
        res = await api.resourceAction({ resourceId: resource.id, actionName: action.name, method: 'post', data });
      }
      setResult(res.data);
    } catch (err) {
      setResult({ notice: { message: String(err), type: 'error' } });
    }
    setBusy(false);
  };

  return (
    <Box variant="card" p="xl" data-testid="action-runner">
      <H4>{action.label}</H4>
      {custom.description ? <Text mb="lg">{custom.description}</Text> : null}
      {fields.map((f) => (
        <Box key={f.name} mb="lg">
          <label>
            <Text>{f.label}</Text>
            {f.type === 'file' ? (
              <input name={f.name} type="file" onChange={(e) => setValues({ ...values, [f.name]: e.target.files[0] })} />
            ) : (
              <input name={f.name} type={f.type || 'text'} value={values[f.name] || ''} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} style={{ padding: 6, minWidth: 320 }} />
            )}
          </label>
        </Box>
      ))}
      <Box flex>
        {steps.map((step) => (
          <Button key={step.label} mr="default" disabled={busy} onClick={() => run(step)} data-testid={`run-${step.key || 'default'}`}>
            {step.label}
          </Button>
        ))}
      </Box>
      {result ? (
        <Box mt="xl" data-testid="action-result">
          {result.notice ? <Text data-testid="action-message" color={result.notice.type === 'error' ? 'error' : 'success'}>{result.notice.message}</Text> : null}
          {result.data !== undefined ? <pre data-testid="action-data" style={{ whiteSpace: 'pre-wrap', maxHeight: 400, overflow: 'auto' }}>{JSON.stringify(result.data, null, 2)}</pre> : null}
        </Box>
      ) : null}
    </Box>
  );
};

export default ActionRunner;
