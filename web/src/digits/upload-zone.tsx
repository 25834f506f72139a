// Image upload: file picker (keyboard-friendly), drag and drop, and paste; several files at once.
import { useEffect, useState } from 'preact/hooks';
import { classifyFiles, uploading } from './digits-state';

function imagesOf(list: FileList | null | undefined): File[] {
  return list ? Array.from(list) : [];
}

export function UploadZone() {
  const [over, setOver] = useState(false);

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const files = imagesOf(e.clipboardData?.files);
      if (files.length === 0) return;
      e.preventDefault();
      void classifyFiles(files);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);

  return (
    <div
      class={`dropzone${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void classifyFiles(imagesOf(e.dataTransfer?.files));
      }}
    >
      <input
        id="upload"
        class="sr-only file-input"
        type="file"
        accept="image/png,image/jpeg"
        multiple
        aria-describedby="upload-help"
        data-testid="upload-input"
        onChange={(e) => {
          const input = e.currentTarget;
          const files = imagesOf(input.files);
          input.value = '';
          void classifyFiles(files);
        }}
      />
      <label for="upload" class="button primary-outline">
        Upload images…
      </label>
      <p id="upload-help" class="hint">
        PNG or JPEG, one digit per image, several at once. You can also drop files here or paste an image (Ctrl+V).
      </p>
      {uploading.value && (
        <p class="loading" role="status">
          Classifying…
        </p>
      )}
    </div>
  );
}
