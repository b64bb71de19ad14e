/** One headline number with its name, inside a `<dl className="figures">`. */
export function Figure({ label, value }: { label: string; value: number | string }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
