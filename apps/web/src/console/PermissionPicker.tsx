import { builtInPermissions, isPermitted } from '@guestlist/sdk';
import { useId, useState } from 'react';
import './permission-picker.css';

/** The permission that stands for every other one, past and future. */
export const EVERYTHING = '*';

export interface PermissionPickerProps {
  /** The fieldset's legend: "Permissions of this key". */
  legend: string;
  /** The permissions chosen: built-in ones, an application's own, or `['*']` alone. */
  value: readonly string[];
  onChange(next: string[]): void;
  /**
   * What the person choosing holds, when known (a signed-in user's effective permissions): a
   * permission outside it is shown but cannot be picked, since the server would refuse it.
   * Leave it out for an API key, whose own permissions the console cannot read.
   */
  grantable?: readonly string[] | undefined;
  disabled?: boolean;
}

const builtIns = Object.keys(builtInPermissions) as (keyof typeof builtInPermissions)[];
const isBuiltIn = (permission: string): boolean => permission in builtInPermissions;

/** "a, b c" → ['a', 'b', 'c']: commas or spaces separate; duplicates and blanks go. */
export function parsePermissions(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/**
 * Picks a set of permissions: a checkbox per built-in permission with what it allows,
 * "everything" (`*`, which then stands alone), and a free-text field for an application's own
 * permissions (comma separated). Controlled: `value` in, `onChange` with the whole new list.
 */
export function PermissionPicker({
  legend,
  value,
  onChange,
  grantable,
  disabled = false,
}: PermissionPickerProps) {
  const id = useId();
  const everything = value.includes(EVERYTHING);
  const chosen = new Set(value);
  // The free text is kept as typed (a trailing comma included); `value` gets it parsed.
  const [custom, setCustom] = useState(() =>
    value.filter((p) => p !== EVERYTHING && !isBuiltIn(p)).join(', '),
  );
  const mayGrant = (permission: string) =>
    grantable === undefined || isPermitted(grantable, permission);
  // What is typed counts as typed, a built-in one or `*` included (its box then shows it):
  // nothing the person wrote is dropped without a word.
  const emit = (builtInsChosen: Iterable<string>, customText: string) =>
    onChange([
      ...new Set([
        ...builtIns.filter((p) => new Set(builtInsChosen).has(p)),
        ...parsePermissions(customText),
      ]),
    ]);
  /** Text without `permission`: unticking a box also takes it out of what was typed. */
  const without = (permission: string) =>
    parsePermissions(custom)
      .filter((p) => p !== permission)
      .join(', ');
  const toggle = (permission: string, on: boolean) => {
    const next = new Set(value.filter(isBuiltIn));
    if (on) next.add(permission);
    else next.delete(permission);
    const text = on ? custom : without(permission);
    if (text !== custom) setCustom(text);
    emit(next, text);
  };
  const uncheckEverything = () => {
    const text = without(EVERYTHING);
    setCustom(text);
    emit(new Set(), text);
  };
  return (
    <fieldset className="permission-picker" disabled={disabled}>
      <legend>{legend}</legend>
      <label className="inline everything">
        <input
          type="checkbox"
          checked={everything}
          disabled={!mayGrant(EVERYTHING)}
          aria-describedby={`${id}-everything`}
          onChange={(event) =>
            event.target.checked ? onChange([EVERYTHING]) : uncheckEverything()
          }
        />{' '}
        Everything (<code>*</code>)
      </label>
      <p id={`${id}-everything`} className="hint">
        Every permission, including those added in later versions. Give it only to what you would
        trust with the whole installation.
      </p>
      <ul className="permission-list">
        {builtIns.map((permission) => (
          <li key={permission}>
            <label className="inline">
              <input
                type="checkbox"
                checked={everything || chosen.has(permission)}
                disabled={everything || !mayGrant(permission)}
                aria-describedby={`${id}-${permission}`}
                onChange={(event) => toggle(permission, event.target.checked)}
              />{' '}
              <code>{permission}</code>
            </label>
            <span id={`${id}-${permission}`} className="hint">
              {builtInPermissions[permission]}
              {!mayGrant(permission) && ' (you do not hold it, so you cannot give it)'}
            </span>
          </li>
        ))}
      </ul>
      <label>
        Other permissions
        <input
          value={custom}
          disabled={everything}
          placeholder="billing:read, reports:export"
          aria-describedby={`${id}-custom`}
          onChange={(event) => {
            setCustom(event.target.value);
            emit(value.filter(isBuiltIn), event.target.value);
          }}
        />
      </label>
      <p id={`${id}-custom`} className="hint">
        Comma separated: your application's own (<code>reports:export</code>), which Guestlist only
        stores and your application checks, or wildcards such as <code>invite:*</code>.
      </p>
    </fieldset>
  );
}
