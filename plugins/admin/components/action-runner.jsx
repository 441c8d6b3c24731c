import React, { useState } from 'react';
import { ApiClient, useTranslation } from 'adminjs';
import { Box, Button, H4, SelectAsync, Text } from '@adminjs/design-system';

const api = new ApiClient();

/** A checkbox's value: what was clicked, else its default (which may follow another field being empty). */
const checkboxValue = (field, values) => {
  if (typeof values[field.name] === 'boolean') return values[field.name];
  if (field.checkedWhenEmpty) return !String(values[field.checkedWhenEmpty] || '').trim();
  return Boolean(field.checked);
};

/** A searchable picker of another resource's records by title; the form keeps the chosen record's id. */
const ReferenceInput = ({ field, record, value, onChange }) => {
  const [chosen, setChosen] = useState(null);
  const load = async (query) => {
    const found = await api.searchRecords({ resourceId: field.resource, query });
    return found
      .filter((r) => !(field.excludeRecord && record && String(r.id) === String(record.id)))
      .map((r) => ({ value: r.id, label: r.title }));
  };
  return (
    <Box style={{ maxWidth: 420 }} data-testid={`field-${field.name}`}>
      <SelectAsync
        inputId={`field-${field.name}`}
        classNamePrefix="af-select"
        value={value ? chosen : null}
        defaultOptions
        cacheOptions
        loadOptions={load}
        onChange={(option) => {
          setChosen(option);
          onChange(option ? option.value : '');
        }}
      />
    </Box>
  );
};

const FieldInput = ({ field, record, values, setValue }) => {
  if (field.type === 'checkbox') {
    return (
      <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <input name={field.name} type="checkbox" checked={checkboxValue(field, values)} onChange={(e) => setValue(field.name, e.target.checked)} />
        <Text>{field.label}</Text>
      </label>
    );
  }
  if (field.type === 'reference') {
    return (
      <div>
        <label htmlFor={`field-${field.name}`}>
          <Text>{field.label}</Text>
        </label>
        <ReferenceInput field={field} record={record} value={values[field.name]} onChange={(v) => setValue(field.name, v)} />
      </div>
    );
  }
  return (
    <label>
      <Text>{field.label}</Text>
      {field.type === 'file' ? (
        <input name={field.name} type="file" onChange={(e) => setValue(field.name, e.target.files[0])} />
      ) : (
        <input name={field.name} type={field.type || 'text'} value={values[field.name] || ''} onChange={(e) => setValue(field.name, e.target.value)} style={{ padding: 6, minWidth: 320 }} />
      )}
    </label>
  );
};

/**
 * Runs a plugin action by POST (never GET: a GET must not change anything). Actions that
 * declare `custom.steps` (e.g. cleanup: dry run, then delete) show one button per step;
 * `custom.fields` are inputs sent along. Titles come from the resource's action translations.
 */
const ActionRunner = (props) => {
  const { action, resource, record, records } = props;
  const { translateAction } = useTranslation();
  const title = translateAction(action.name, resource.id);
  const custom = action.custom || {};
  const steps = custom.steps || [{ label: title, params: {} }];
  const fields = custom.fields || [];
  const [values, setValues] = useState({});
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);
  const setValue = (name, value) => setValues((current) => ({ ...current, [name]: value }));

  const run = async (step) => {
    setBusy(true);
    setResult(null);
    const merged = { ...values, ...step.params };
    fields.filter((f) => f.type === 'checkbox').forEach((f) => {
      merged[f.name] = checkboxValue(f, values);
    });
    // A file field makes it a multipart form; otherwise plain JSON.
    let data = merged;
    if (fields.some((f) => f.type === 'file')) {
      data = new FormData();
      Object.entries(merged).forEach(([k, v]) => data.append(k, typeof v === 'boolean' ? String(v) : v));
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
      <H4 data-testid="action-title">{title}</H4>
      {custom.description ? <Text mb="lg">{custom.description}</Text> : null}
      {fields.map((f) => (
        <Box key={f.name} mb="lg">
          <FieldInput field={f} record={record} values={values} setValue={setValue} />
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
