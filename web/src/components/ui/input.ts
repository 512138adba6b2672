/** Shared look of text inputs, selects and text areas (border >= 3:1 against the surface). */
export const inputClasses =
  'block w-full rounded-md border border-line-strong bg-surface px-3 text-sm text-fg placeholder:text-fg-muted ' +
  'aria-invalid:border-danger aria-invalid:ring-1 aria-invalid:ring-danger disabled:opacity-60';
