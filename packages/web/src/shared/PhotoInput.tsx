// Photos for a report or an action: taken with the phone's camera or picked from files, uploaded
// at once (POST /api/photos; the server checks the content and strips EXIF), kept as {url} values.

import { PlusOutlined } from '@ant-design/icons';
import { Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../api/client.ts';
import type { Photo, UploadedPhoto } from '../api/types.ts';
import { defineMessages, useI18n } from '../i18n/index.tsx';

defineMessages({
  'photo.add': { zh: '拍照/上传', en: 'Add photo' },
  'photo.failed': { zh: '上传失败：{message}', en: 'Upload failed: {message}' },
  'photo.pending': {
    zh: '照片正在上传，请稍候再提交',
    en: 'A photo is still uploading; submit when it is done',
  },
});

/** Form rule: no photo may still be uploading. */
export const photosReady = (t: (key: string) => string) => ({
  validator: async (_: unknown, value: Photo[] | undefined) => {
    if (value?.some((p) => p.pending)) throw new Error(t('photo.pending'));
  },
});

/** The photos to send: the uploaded ones. */
export const uploadedPhotos = (value: Photo[] | undefined): Photo[] =>
  (value ?? []).filter((p) => !p.pending).map(({ url, caption }) => (caption ? { url, caption } : { url }));

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
    // A photo still uploading stays in the value as pending, so the form can refuse to send
    // without it (see photosReady) instead of silently dropping it.
    const photos: Photo[] = [];
    for (const f of list) {
      const url = f.url ?? (f.response as UploadedPhoto | undefined)?.url;
      if (f.status === 'done' && url) photos.push({ url });
      else if (f.status === 'uploading') photos.push({ url: '', pending: true });
    }
    onChange?.(photos);
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
          const uploaded = await api<UploadedPhoto>('POST', '/api/photos', form);
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
