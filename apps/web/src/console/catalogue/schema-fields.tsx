import { useId } from 'react';
import { attributeLabel } from '../../lib/format';

/**
 * Forms generated from a kind's attribute JSON Schema (`GET /item-kinds`), so a new kind of
 * item needs no console change. Understood: string, enum (of strings or numbers), number,
 * integer and boolean properties; `required`; minLength/maxLength, minimum/maximum, pattern.
 * Anything else is shown as a text field and left for the API to judge.
 */
export interface AttributeSchema {
  type?: string;
  properties?: Record<string, PropertySchema>;
  required?: string[];
}

export interface PropertySchema {
  type?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  description?: string;
}

export type FieldKind = 'text' | 'choice' | 'number' | 'integer' | 'boolean';

export interface SchemaField {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  choices: Array<string | number>;
  schema: PropertySchema;
}

/** The attribute values as the form holds them: text, or a checkbox's state. */
export type FieldValues = Record<string, string | boolean>;

export function fieldsOf(schema: unknown): SchemaField[] {
  const object = (schema ?? {}) as AttributeSchema;
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const choices = (property.enum ?? []).filter(
      (value): value is string | number => typeof value === 'string' || typeof value === 'number',
    );
    const kind: FieldKind =
      choices.length > 0
        ? 'choice'
        : property.type === 'boolean'
          ? 'boolean'
          : property.type === 'integer'
            ? 'integer'
            : property.type === 'number'
              ? 'number'
              : 'text';
    return {
      name,
      label: attributeLabel(name),
      kind,
      required: required.has(name),
      choices,
      schema: property,
    };
  });
}

/** The form's starting values: the item's own, otherwise empty (never a guessed default). */
export function initialValues(fields: SchemaField[], existing?: unknown): FieldValues {
  const current = (existing ?? {}) as Record<string, unknown>;
  const values: FieldValues = {};
  for (const field of fields) {
    const value = current[field.name];
    values[field.name] =
      field.kind === 'boolean'
        ? value === true
        : typeof value === 'string' || typeof value === 'number'
          ? String(value)
          : '';
  }
  return values;
}

/**
 * The values as the API takes them: numbers as numbers (an enum of numbers too), empty
 * optional fields left out. Type errors are the API's to report, so a value that does not
 * parse is sent as typed.
 */
export function attributesFrom(
  fields: SchemaField[],
  values: FieldValues,
): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.kind === 'boolean') {
      attributes[field.name] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '' && !field.required) continue;
    const numeric =
      field.kind === 'number' ||
      field.kind === 'integer' ||
      (field.kind === 'choice' && field.choices.every((choice) => typeof choice === 'number'));
    attributes[field.name] =
      numeric && text !== '' && !Number.isNaN(Number(text)) ? Number(text) : text;
  }
  return attributes;
}

function hintOf(field: SchemaField): string | undefined {
  const { minLength, maxLength, minimum, maximum } = field.schema;
  const parts: string[] = [];
  if (field.schema.description) parts.push(field.schema.description);
  if (minimum !== undefined && maximum !== undefined) parts.push(`${minimum} to ${maximum}`);
  else if (minimum !== undefined) parts.push(`at least ${minimum}`);
  else if (maximum !== undefined) parts.push(`at most ${maximum}`);
  if (maxLength !== undefined && (minLength ?? 0) <= 1) parts.push(`up to ${maxLength} characters`);
  else if (maxLength !== undefined) parts.push(`${minLength} to ${maxLength} characters`);
  if (!field.required) parts.push('optional');
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function AttributeField({
  field,
  value,
  onChange,
}: {
  field: SchemaField;
  value: string | boolean;
  onChange: (value: string | boolean) => void;
}) {
  const id = useId();
  const hint = hintOf(field);
  const hintId = hint ? `${id}-hint` : undefined;
  if (field.kind === 'boolean') {
    return (
      <div className="field checkbox-field">
        <label htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            checked={value === true}
            onChange={(event) => onChange(event.target.checked)}
            aria-describedby={hintId}
          />{' '}
          {field.label}
        </label>
        {hint && (
          <p className="hint" id={hintId}>
            {hint}
          </p>
        )}
      </div>
    );
  }
  const text = typeof value === 'string' ? value : '';
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      {field.kind === 'choice' ? (
        <select
          id={id}
          value={text}
          required={field.required}
          aria-describedby={hintId}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="">{field.required ? 'Choose…' : '(none)'}</option>
          {field.choices.map((choice) => (
            <option key={String(choice)} value={String(choice)}>
              {String(choice)}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type={field.kind === 'text' ? 'text' : 'number'}
          inputMode={field.kind === 'integer' ? 'numeric' : undefined}
          step={field.kind === 'integer' ? 1 : field.kind === 'number' ? 'any' : undefined}
          min={field.schema.minimum}
          max={field.schema.maximum}
          minLength={field.schema.minLength}
          maxLength={field.schema.maxLength}
          pattern={field.kind === 'text' ? field.schema.pattern : undefined}
          required={field.required}
          value={text}
          aria-describedby={hintId}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** One fieldset of attribute inputs generated from `fields`. */
export function SchemaFields({
  legend,
  fields,
  values,
  onChange,
}: {
  legend: string;
  fields: SchemaField[];
  values: FieldValues;
  onChange: (values: FieldValues) => void;
}) {
  if (fields.length === 0) return null;
  return (
    <fieldset className="stack">
      <legend>{legend}</legend>
      {fields.map((field) => (
        <AttributeField
          key={field.name}
          field={field}
          value={values[field.name] ?? ''}
          onChange={(value) => onChange({ ...values, [field.name]: value })}
        />
      ))}
    </fieldset>
  );
}
