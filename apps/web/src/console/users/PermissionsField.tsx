import { builtInPermissions } from '@guestlist/sdk';
import { useId, useState } from 'react';

const builtIn = Object.keys(builtInPermissions) as (keyof typeof builtInPermissions)[];
const isBuiltIn = (permission: string) => (builtIn as string[]).includes(permission);

const parse = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean);

/**
 * A list of permissions: a checkbox for each built-in one, with what it allows, and a text
 * field for any other (an application's own, or a wildcard such as `invite:*`). It keeps its
 * own state from `initial`: give it a new `key` to start again.
 */
export function PermissionsField({
  legend,
  initial,
  onChange,
}: {
  legend: string;
  initial: readonly string[];
  onChange(permissions: string[]): void;
}) {
  const [checked, setChecked] = useState(() => initial.filter(isBuiltIn));
  const [other, setOther] = useState(() => initial.filter((p) => !isBuiltIn(p)).join(', '));
  const otherId = useId();
  const emit = (nextChecked: string[], nextOther: string) =>
    onChange([...new Set([...nextChecked, ...parse(nextOther)])]);
  const toggle = (permission: string, on: boolean) => {
    const next = on ? [...checked, permission] : checked.filter((p) => p !== permission);
    setChecked(next);
    emit(next, other);
  };
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="permission-choices">
        {builtIn.map((permission) => (
          <label key={permission}>
            <input
              type="checkbox"
              checked={checked.includes(permission)}
              onChange={(event) => toggle(permission, event.target.checked)}
            />
            <span>
              <span className="mono">{permission}</span>
              <span className="hint">{builtInPermissions[permission]}</span>
            </span>
          </label>
        ))}
      </div>
      <label htmlFor={otherId}>
        Other permissions <span className="hint">(comma-separated, e.g. beta:use, invite:*)</span>
      </label>
      <input
        id={otherId}
        value={other}
        onChange={(event) => {
          setOther(event.target.value);
          emit(checked, event.target.value);
        }}
      />
    </fieldset>
  );
}
