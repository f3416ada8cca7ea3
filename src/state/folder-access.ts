/**
 * Writing files into a folder the user picks, through the File System Access API (Chromium's
 * `showDirectoryPicker`); browsers without it get the zip instead (see ./face-regions.ts).
 */

/** A folder the user picked, writable. */
export interface WritableFolder {
  name: string;
  /** True when a file is at this path (`a/b.xmp`: folder a, file b.xmp). */
  has(path: string): Promise<boolean>;
  /** Writes (creates, or replaces) a text file at this path, making its folders. */
  write(path: string, text: string): Promise<void>;
}

interface DirectoryHandle {
  name: string;
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryHandle>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<{
    createWritable(): Promise<{ write(data: string): Promise<void>; close(): Promise<void> }>;
  }>;
}

type DirectoryPicker = (options?: { mode?: 'read' | 'readwrite'; id?: string }) => Promise<DirectoryHandle>;

function picker(): DirectoryPicker | null {
  const candidate = (globalThis as { showDirectoryPicker?: unknown }).showDirectoryPicker;
  return typeof candidate === 'function' ? (candidate as DirectoryPicker).bind(globalThis) : null;
}

/** This browser can write into a folder the user picks. */
export function canWriteToFolder(): boolean {
  return picker() !== null;
}

function wrap(root: DirectoryHandle): WritableFolder {
  const locate = async (path: string, create: boolean) => {
    const parts = path.split('/').filter((p) => p !== '');
    const fileName = parts.pop() ?? path;
    let dir = root;
    for (const part of parts) dir = await dir.getDirectoryHandle(part, { create });
    return { dir, fileName };
  };
  return {
    name: root.name,
    async has(path) {
      try {
        const { dir, fileName } = await locate(path, false);
        await dir.getFileHandle(fileName);
        return true;
      } catch {
        return false;
      }
    },
    async write(path, text) {
      const { dir, fileName } = await locate(path, true);
      const writable = await (await dir.getFileHandle(fileName, { create: true })).createWritable();
      await writable.write(text);
      await writable.close();
    },
  };
}

/**
 * Asks the user for a folder (call it straight from the click: the picker needs the user's gesture);
 * null when they cancel. Throws when the browser has no picker or refuses.
 */
export async function pickWritableFolder(): Promise<WritableFolder | null> {
  const pick = picker();
  if (!pick) throw new Error('this browser cannot write to a folder');
  try {
    return wrap(await pick({ mode: 'readwrite', id: 'facewise-sidecars' }));
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    throw error;
  }
}
