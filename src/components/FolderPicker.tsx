/**
 * A button that opens the browser's folder picker (`webkitdirectory`): every file inside the chosen
 * folder, subfolders included, comes back with its path ('people/alice/1.jpg').
 */
import { useId } from 'react';
import type { PickedFile } from './pickFiles';
import { filesFromInput } from './pickFiles';

interface FolderPickerProps {
  /** Accessible name of the file input. */
  inputLabel: string;
  /** Visible text of the button. */
  text: string;
  disabled?: boolean;
  onFiles: (files: PickedFile[]) => void;
}

export function FolderPicker({ inputLabel, text, disabled = false, onFiles }: FolderPickerProps) {
  const id = useId();
  return (
    <label htmlFor={id} className={`button folder-picker${disabled ? ' folder-picker--disabled' : ''}`}>
      <input
        id={id}
        className="visually-hidden"
        type="file"
        webkitdirectory=""
        multiple
        aria-label={inputLabel}
        disabled={disabled}
        onChange={(event) => {
          const files = filesFromInput(event.currentTarget.files);
          event.currentTarget.value = ''; // lets the same folder be picked again
          if (files.length > 0) onFiles(files);
        }}
      />
      {text}
    </label>
  );
}
