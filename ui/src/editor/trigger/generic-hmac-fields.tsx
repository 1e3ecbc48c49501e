import type { TriggerAuth } from '../../../../server/workflow/types.ts';

type Hmac = Extract<TriggerAuth, { type: 'hmac' }>;
type Props = { id: string; auth: Hmac; set: (next: Hmac, field: string) => void };

/**
 * The generic HMAC preset verifies any sender, so the form must say how that sender signs:
 * the header is required (the schema refuses the preset without it), the rest has defaults.
 */
export function GenericHmacFields({ id, auth, set }: Props) {
  const optional = (value: string) => (value.trim() === '' ? undefined : value);
  return (
    <>
      <label htmlFor={`${id}-signature-header`}>Signature header</label>
      <input
        id={`${id}-signature-header`}
        aria-required="true"
        placeholder="x-signature"
        value={auth.header ?? ''}
        onChange={(event) => set({ ...auth, header: optional(event.target.value) }, 'header')}
      />
      <label htmlFor={`${id}-algorithm`}>Algorithm</label>
      <select
        id={`${id}-algorithm`}
        value={auth.algorithm ?? ''}
        onChange={(event) =>
          set({ ...auth, algorithm: optional(event.target.value) as Hmac['algorithm'] }, 'algorithm')
        }
      >
        <option value="">Default (sha256)</option>
        <option value="sha1">sha1</option>
        <option value="sha256">sha256</option>
        <option value="sha512">sha512</option>
      </select>
      <label htmlFor={`${id}-encoding`}>Encoding</label>
      <select
        id={`${id}-encoding`}
        value={auth.encoding ?? ''}
        onChange={(event) => set({ ...auth, encoding: optional(event.target.value) as Hmac['encoding'] }, 'encoding')}
      >
        <option value="">Default (hex)</option>
        <option value="hex">hex</option>
        <option value="base64">base64</option>
      </select>
      <label htmlFor={`${id}-prefix`}>Prefix</label>
      <input
        id={`${id}-prefix`}
        placeholder="e.g. sha256="
        value={auth.prefix ?? ''}
        onChange={(event) => set({ ...auth, prefix: optional(event.target.value) }, 'prefix')}
      />
    </>
  );
}
