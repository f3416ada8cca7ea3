/**
 * A drop target that is also a file picker: the whole zone is the input's <label>, so a click or
 * Enter/Space opens the picker. The input keeps its own accessible name (`inputLabel`).
 */
import { useId, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import type { PickedFile } from './pickFiles';
import { filesFromDrop, filesFromInput } from './pickFiles';

interface DropZoneProps {
  /** Accessible name of the file input. */
  inputLabel: string;
  title: string;
  hint?: ReactNode;
  disabled?: boolean;
  /** The picker's file types (the input's `accept`); photos by default. */
  accept?: string;
  onFiles: (files: PickedFile[]) => void;
}

export function DropZone({ inputLabel, title, hint, disabled = false, accept = 'image/*', onFiles }: DropZoneProps) {
  const id = useId();
  const [over, setOver] = useState(false);

  const onDragOver = (event: DragEvent<HTMLLabelElement>) => {
    if (disabled || !event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    void filesFromDrop(event.dataTransfer).then((files) => {
      if (files.length > 0) onFiles(files);
    });
  };

  return (
    <label
      htmlFor={id}
      className={`dropzone${over ? ' dropzone--over' : ''}${disabled ? ' dropzone--disabled' : ''}`}
      onDragOver={onDragOver}
      onDragEnter={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <input
        id={id}
        className="visually-hidden"
        type="file"
        multiple
        accept={accept}
        aria-label={inputLabel}
        disabled={disabled}
        onChange={(event) => {
          const files = filesFromInput(event.currentTarget.files);
          event.currentTarget.value = ''; // lets the same file be picked again
          if (files.length > 0) onFiles(files);
        }}
      />
      <span className="dropzone__title">{title}</span>
      {hint !== undefined && <span className="dropzone__hint">{hint}</span>}
    </label>
  );
}
