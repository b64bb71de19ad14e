import { useId, type SelectHTMLAttributes } from 'react';

export interface Choice {
  value: string;
  label: string;
}

/** A labelled select, the form vocabulary's companion to Field. */
export function SelectField({
  label,
  choices,
  ...select
}: { label: string; choices: Choice[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}
