import { Monitor, Moon, Sun } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { cn } from '../../lib/cn';
import { useThemePreference, type ThemePreference } from '../../theme/theme';

const choices: Array<{ value: ThemePreference; label: string; icon: ReactNode }> = [
  { value: 'light', label: 'Light', icon: <Sun aria-hidden /> },
  { value: 'system', label: 'System', icon: <Monitor aria-hidden /> },
  { value: 'dark', label: 'Dark', icon: <Moon aria-hidden /> },
];

/** Three-way theme switch (light / follow the OS / dark) as a radio group. */
export function ThemeToggle() {
  const [preference, setPreference] = useThemePreference();
  const name = useId(); // unique per instance: two groups sharing a name would fight
  return (
    <fieldset className="flex items-center gap-0.5 rounded-md border border-line bg-subtle p-0.5">
      <legend className="sr-only">Theme</legend>
      {choices.map((choice) => (
        <label
          key={choice.value}
          title={`${choice.label} theme`}
          className={cn(
            'relative flex h-7 flex-1 cursor-pointer items-center justify-center gap-1.5 rounded px-2 text-xs [&_svg]:size-3.5',
            'has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring',
            preference === choice.value ? 'bg-surface text-fg shadow-card' : 'text-fg-muted hover:text-fg',
          )}
        >
          <input
            type="radio"
            name={name}
            value={choice.value}
            checked={preference === choice.value}
            onChange={() => setPreference(choice.value)}
            className="sr-only"
          />
          {choice.icon}
          <span>{choice.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
