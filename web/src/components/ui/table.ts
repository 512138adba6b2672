/** Shared look of data tables (header cells, body cells), as in the runs table. */
export const th = 'px-4 py-2.5 text-left text-xs font-medium tracking-wide text-fg-muted uppercase';
export const td = 'px-4 py-3 align-middle';
/** Body cell for rows whose cells wrap onto several lines. */
export const tdTop = 'px-4 py-3 align-top';
