/** A document's fields as issued, one row of a details list each (label, value). */
export function FieldRows({ fields }: { fields: readonly { key: string; label: string; value: string }[] }) {
  return (
    <>
      {fields.map((field) => (
        <div key={field.key} data-field={field.key}>
          <dt>{field.label}</dt>
          <dd>{field.value}</dd>
        </div>
      ))}
    </>
  );
}
