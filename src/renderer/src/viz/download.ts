/** Saves a blob or text as a file through the browser's download (Electron shows its save dialog). */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // Revoked later: the download may not have started when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const downloadText = (name: string, text: string, type = 'text/csv') => downloadBlob(name, new Blob([text], { type }));
