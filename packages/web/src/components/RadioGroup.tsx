import type { ReactNode } from 'react';

export interface RadioOption<V extends string> {
  value: V;
  label: string;
  hint?: string;
}

/** A fieldset of radio buttons; each input has the id `${name}-${value}`. */
export function RadioGroup<V extends string>({
  name,
  legend,
  value,
  options,
  onChange,
  children,
}: {
  name: string;
  legend: string;
  value: V;
  options: RadioOption<NoInfer<V>>[];
  onChange(value: NoInfer<V>): void;
  children?: ReactNode;
}) {
  return (
    <fieldset className="fieldset radio-group">
      <legend>{legend}</legend>
      {options.map((o) => (
        <div className="checkbox" key={o.value}>
          <input
            type="radio"
            id={`${name}-${o.value}`}
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
            aria-describedby={o.hint ? `${name}-${o.value}-hint` : undefined}
          />
          <label htmlFor={`${name}-${o.value}`}>
            {o.label}
            {o.hint && (
              <span id={`${name}-${o.value}-hint`} className="hint radio-hint">
                {o.hint}
              </span>
            )}
          </label>
        </div>
      ))}
      {children}
    </fieldset>
  );
}
