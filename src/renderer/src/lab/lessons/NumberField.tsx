import { useState } from 'react';

/**
 * An integer input that lets the user clear it and type: the draft is kept as text and only a whole
 * number within [min, max] reaches `onChange`; leaving the field shows the value in force again.
 */
export function NumberField({
  label,
  value,
  min,
  max,
  onChange,
  testId,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (v: number) => void;
  testId: string;
}) {
  const [draft, setDraft] = useState(String(value));
  return (
    <label>
      {label}
      <input
        type="number"
        data-testid={testId}
        min={min}
        max={max}
        step={1}
        value={draft}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          const v = Number(text);
          if (text.trim() !== '' && Number.isInteger(v) && v >= min && v <= max) onChange(v);
        }}
        onBlur={() => setDraft(String(value))}
      />
    </label>
  );
}
