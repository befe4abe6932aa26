import { builtInPermissions } from '@guestlist/sdk';

export interface LabelRow {
  id: number;
  permission: string;
  words: string;
}

/**
 * `permissionLabels` as rows: a permission, and the words people see for it on invite pages
 * and in emails instead of the raw string.
 */
export function LabelRows({
  rows,
  onChange,
}: {
  rows: LabelRow[];
  onChange(rows: LabelRow[]): void;
}) {
  const known = Object.keys(builtInPermissions);
  const update = (id: number, change: Partial<LabelRow>) =>
    onChange(rows.map((row) => (row.id === id ? { ...row, ...change } : row)));
  const add = () => {
    const unused = known.find((permission) => !rows.some((row) => row.permission === permission));
    const id = Math.max(0, ...rows.map((row) => row.id + 1));
    onChange([...rows, { id, permission: unused ?? known[0]!, words: '' }]);
  };
  return (
    <fieldset className="label-rows">
      <legend>Permission labels</legend>
      <p className="hint">What invite pages and emails call each permission.</p>
      {rows.length === 0 && <p>No labels: people see the permissions as they are written.</p>}
      {rows.map((row, index) => {
        const options = known.includes(row.permission) ? known : [row.permission, ...known];
        return (
          <div className="label-row" key={row.id}>
            <div className="field">
              <label htmlFor={`label-permission-${row.id}`}>Permission {index + 1}</label>
              <select
                id={`label-permission-${row.id}`}
                value={row.permission}
                onChange={(event) => update(row.id, { permission: event.target.value })}
              >
                {options.map((permission) => (
                  <option key={permission} value={permission}>
                    {permission}
                  </option>
                ))}
              </select>
            </div>
            <label>
              Words for permission {index + 1}
              <input
                value={row.words}
                maxLength={120}
                onChange={(event) => update(row.id, { words: event.target.value })}
              />
            </label>
            <button
              type="button"
              className="secondary"
              aria-label={`Remove the label of ${row.permission}`}
              onClick={() => onChange(rows.filter((other) => other.id !== row.id))}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" className="secondary" onClick={add}>
        Add a label
      </button>
    </fieldset>
  );
}
