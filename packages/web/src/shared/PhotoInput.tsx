// Photos for a report or an action: taken with the phone's camera or picked from files, uploaded
// at once (POST /api/photos; the server checks the content and strips EXIF), kept as {url} values.

import { PlusOutlined } from '@ant-design/icons';
import { Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../api/client.ts';
import type { Photo } from '../api/types.ts';
import { defineMessages, useI18n } from '../i18n/index.tsx';

defineMessages({
  'photo.add': { zh: '拍照/上传', en: 'Add photo' },
  'photo.failed': { zh: '上传失败：{message}', en: 'Upload failed: {message}' },
});

interface Uploaded {
  id: string;
  url: string;
  thumbUrl: string;
}

export function PhotoInput({
  value,
  onChange,
  max = 9,
  id,
}: {
  value?: Photo[];
  onChange?: (photos: Photo[]) => void;
  max?: number;
  id?: string;
}) {
  const { t } = useI18n();
  const [files, setFiles] = useState<UploadFile[]>(() =>
    (value ?? []).map((p, i) => ({
      uid: String(i),
      name: p.url,
      status: 'done',
      url: p.url,
      thumbUrl: p.url,
    })),
  );
  const emit = (list: UploadFile[]) => {
    setFiles(list);
    const urls = list
      .filter((f) => f.status === 'done')
      .map((f) => f.url ?? (f.response as Uploaded | undefined)?.url)
      .filter((url): url is string => !!url);
    onChange?.(urls.map((url) => ({ url })));
  };
  return (
    <Upload
      id={id}
      listType="picture-card"
      accept="image/*"
      capture="environment"
      multiple
      fileList={files}
      maxCount={max}
      onChange={({ fileList }) => emit(fileList)}
      customRequest={async ({ file, onSuccess, onError }) => {
        const form = new FormData();
        form.append('file', file as Blob);
        try {
          const uploaded = await api<Uploaded>('POST', '/api/photos', form);
          onSuccess?.(uploaded);
        } catch (e) {
          const message = e instanceof ApiError ? e.message : String(e);
          onError?.(new Error(t('photo.failed', { message })));
        }
      }}
      onPreview={(f) => {
        if (f.url) window.open(f.url, '_blank', 'noopener');
      }}
    >
      {files.length < max && (
        <button type="button" style={{ border: 0, background: 'none' }}>
          <PlusOutlined />
          <div style={{ marginTop: 8 }}>{t('photo.add')}</div>
        </button>
      )}
    </Upload>
  );
}
