// The report form, phone first: photos (camera or album, uploaded at once), the place (GPS or a
// tap on the map), what it is (plain words), optional details and phone — then one button.
// The form survives a reload (sessionStorage draft) and a retried submit never files twice
// (one Idempotency-Key per form).

import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import {
  type Category,
  type Crs,
  categories as fetchCategories,
  formToken as fetchFormToken,
  submitReport,
  type UploadedPhoto,
  uploadPhoto,
} from './api.ts';
import { geolocationBlocked, geoProblemKey, locate } from '../shared/geolocation.ts';
import { randomId } from '../shared/random-id.ts';
import { errorText } from './errors.ts';
import { formatCode, rememberReport } from './mine.ts';
import { Link, navigate } from './router.tsx';

const PlacePicker = lazy(() => import('./MapView.tsx').then((mod) => ({ default: mod.PlacePicker })));

export interface Place {
  lon: number;
  lat: number;
  crs: Crs;
  source: 'gps' | 'map';
  accuracy?: number;
}

interface PhotoSlot {
  key: string;
  preview: string;
  uploaded?: UploadedPhoto;
  error?: string;
}

interface Draft {
  key: string;
  photos: UploadedPhoto[];
  place: Place | null;
  address: string;
  category: Category | null;
  description: string;
  phone: string;
}

const DRAFT_KEY = 'xh.citizen.draft';
const MAX_PHOTOS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface FormToken {
  token: string;
  minSeconds: number;
  /** performance.now() from which the server takes it (its minimum age has passed). */
  readyAt: number;
}

/** A form token, and when it may be sent: the server refuses forms sent quicker than a person could. */
async function newFormToken(): Promise<FormToken> {
  const t = await fetchFormToken();
  return { ...t, readyAt: performance.now() + t.minSeconds * 1000 + 250 };
}

function loadDraft(): Draft | null {
  try {
    const d = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null');
    return d && typeof d.key === 'string' ? d : null;
  } catch {
    return null;
  }
}

export function ReportPage() {
  const { t, lang } = useI18n();
  const [draft] = useState(loadDraft);
  const idempotencyKey = useRef(draft?.key ?? randomId());
  const [photos, setPhotos] = useState<PhotoSlot[]>(
    () => draft?.photos.map((p) => ({ key: p.id, preview: p.thumbUrl, uploaded: p })) ?? [],
  );
  const [place, setPlace] = useState<Place | null>(draft?.place ?? null);
  const [address, setAddress] = useState(draft?.address ?? '');
  const [category, setCategory] = useState<Category | null>(draft?.category ?? null);
  const [description, setDescription] = useState(draft?.description ?? '');
  const [phone, setPhone] = useState(draft?.phone ?? '');
  const [website, setWebsite] = useState('');
  const [list, setList] = useState<Category[]>([]);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Category[] | null>(null);
  const [locating, setLocating] = useState(false);
  const [picking, setPicking] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const token = useRef<Promise<FormToken> | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once per form
  useEffect(() => {
    token.current = newFormToken();
    token.current.catch(() => {});
    fetchCategories().then(setList, (e) => setFailure(errorText(t, e)));
  }, []);

  // Keep the draft (uploaded photos included) so a reload or a trip to the camera app loses nothing.
  useEffect(() => {
    const d: Draft = {
      key: idempotencyKey.current,
      photos: photos.flatMap((p) => (p.uploaded ? [p.uploaded] : [])),
      place,
      address,
      category,
      description,
      phone,
    };
    try {
      sessionStorage.setItem(DRAFT_KEY, JSON.stringify(d));
    } catch {
      // no storage: the form still works
    }
  }, [photos, place, address, category, description, phone]);

  // Search the catalogue in the citizen's own words (debounced).
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setFound(null);
      return;
    }
    const timer = setTimeout(() => {
      fetchCategories(q).then(setFound, () => setFound([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [query]);

  const addFiles = (files: FileList | null) => {
    if (!files) return;
    const room = MAX_PHOTOS - photos.length;
    for (const file of Array.from(files).slice(0, room)) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      const preview = URL.createObjectURL(file);
      setPhotos((ps) => [...ps, { key, preview }]);
      uploadPhoto(file).then(
        (uploaded) => setPhotos((ps) => ps.map((p) => (p.key === key ? { ...p, uploaded } : p))),
        (e) =>
          setPhotos((ps) =>
            ps.map((p) =>
              p.key === key ? { ...p, error: t('c.form.photoFailed', { reason: errorText(t, e) }) } : p,
            ),
          ),
      );
    }
  };

  const removePhoto = (key: string) =>
    setPhotos((ps) => {
      const gone = ps.find((p) => p.key === key);
      if (gone?.preview.startsWith('blob:')) URL.revokeObjectURL(gone.preview);
      return ps.filter((p) => p.key !== key);
    });

  const useGps = () => {
    setLocating(true);
    // The Geolocation API answers in WGS84, whatever map the phone shows.
    locate(
      (fix) => {
        setLocating(false);
        setPlace({
          lon: fix.lon,
          lat: fix.lat,
          crs: 'WGS84',
          source: 'gps',
          accuracy: Math.round(fix.accuracy),
        });
        setProblems(({ location: _, ...rest }) => rest);
      },
      (problem) => {
        setLocating(false);
        setProblems((p) => ({ ...p, location: t(geoProblemKey(problem)) }));
        // the map is the other way to say where
        setPicking(true);
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  };
  // Over plain HTTP (or with no GPS) the position cannot be read: say so, offer only the map.
  const [gpsBlocked] = useState(geolocationBlocked);

  const uploading = photos.some((p) => !p.uploaded && !p.error);

  const submit = async () => {
    setFailure(null);
    const missing: Record<string, string> = {};
    if (!place) missing.location = t('c.form.needPlace');
    if (!category) missing.category = t('c.form.needCategory');
    setProblems(missing);
    if (!place || !category) {
      document.getElementById(missing.location ? 'where' : 'what')?.scrollIntoView({ block: 'start' });
      return;
    }
    if (uploading) {
      setFailure(t('c.form.waitPhotos'));
      return;
    }
    setSending(true);
    try {
      token.current ??= newFormToken();
      let form = await token.current;
      // A very quick reporter waits the last moment rather than being refused.
      await sleep(Math.max(0, form.readyAt - performance.now()));
      const body = {
        category: category.id,
        description: description.trim() || undefined,
        location: { lon: place.lon, lat: place.lat, crs: place.crs },
        address: address.trim() || undefined,
        phone: phone.trim() || undefined,
        photos: photos.flatMap((p) => (p.uploaded ? [{ id: p.uploaded.id, claim: p.uploaded.claim }] : [])),
        formToken: form.token,
        website,
      };
      let result: Awaited<ReturnType<typeof submitReport>> | undefined;
      for (let attempt = 0; !result; attempt++) {
        try {
          result = await submitReport(body, idempotencyKey.current);
        } catch (e) {
          // Quicker than the anti-spam minimum, or a stale form: wait or renew, then send again.
          const code = e instanceof ApiError ? e.code : '';
          if (attempt < 2 && code === 'TOO_FAST') await sleep(form.minSeconds * 1000);
          else if (attempt < 2 && (code === 'FORM_EXPIRED' || code === 'INVALID_FORM_TOKEN')) {
            token.current = newFormToken();
            form = await token.current;
            body.formToken = form.token;
            await sleep(Math.max(0, form.readyAt - performance.now()));
          } else throw e;
        }
      }
      rememberReport({
        code: result.trackingCode,
        category: { zh: category.zh, en: category.en },
        at: result.submittedAt,
      });
      sessionStorage.removeItem(DRAFT_KEY);
      navigate(`/m/done/${result.trackingCode}`, { replace: true });
    } catch (e) {
      const text = errorText(t, e);
      if (e instanceof ApiError && e.field) {
        const field = e.field.startsWith('location') ? 'location' : e.field.split('.')[0]!;
        setProblems({ [field]: text });
      }
      setFailure(t('c.form.failed', { reason: text }));
    } finally {
      setSending(false);
    }
  };

  const categoryButton = (c: Category) => (
    <button
      key={c.id}
      type="button"
      className="c-chip"
      aria-pressed={category?.id === c.id}
      onClick={() => {
        setCategory(c);
        setProblems(({ category: _, ...rest }) => rest);
      }}
    >
      {lang === 'zh' ? c.zh : c.en}
    </button>
  );

  return (
    <form
      className="c-page"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1 className="c-title">{t('c.form.title')}</h1>

      <section className="c-card" aria-labelledby="photos-h">
        <h2 id="photos-h">{t('c.form.photos')}</h2>
        <p className="c-muted">{t('c.form.photosHint')}</p>
        <div className="c-photos">
          {photos.map((p) => (
            <figure key={p.key} className="c-photo" data-testid="photo-slot">
              <img src={p.uploaded?.thumbUrl ?? p.preview} alt="" />
              {!p.uploaded && !p.error && <span className="c-photo-busy">{t('c.form.uploading')}</span>}
              {p.error && (
                <figcaption className="c-error" role="alert">
                  {p.error}
                </figcaption>
              )}
              <button
                type="button"
                className="c-photo-x"
                aria-label={t('c.form.removePhoto')}
                onClick={() => removePhoto(p.key)}
              >
                ×
              </button>
            </figure>
          ))}
        </div>
        {photos.length < MAX_PHOTOS && (
          <div className="c-row">
            <label className="c-btn c-file">
              {t('c.form.takePhoto')}
              <input
                type="file"
                accept="image/*"
                capture="environment"
                onChange={(e) => {
                  addFiles(e.target.files);
                  e.target.value = '';
                }}
              />
            </label>
            <label className="c-btn c-file">
              {t('c.form.choosePhoto')}
              <input
                type="file"
                accept="image/*"
                multiple
                data-testid="photo-input"
                onChange={(e) => {
                  addFiles(e.target.files);
                  e.target.value = '';
                }}
              />
            </label>
          </div>
        )}
      </section>

      <section className="c-card" id="where" aria-labelledby="where-h">
        <h2 id="where-h">{t('c.form.where')}</h2>
        <div className="c-row">
          {!gpsBlocked && (
            <button type="button" className="c-btn" onClick={useGps} disabled={locating}>
              {locating ? t('c.form.locating') : t('c.form.useGps')}
            </button>
          )}
          <button type="button" className="c-btn" onClick={() => setPicking(true)}>
            {t('c.form.pickOnMap')}
          </button>
        </div>
        {place && (
          <p className="c-ok" data-testid="place">
            {place.source === 'gps' ? t('c.form.located', { m: place.accuracy ?? '?' }) : t('c.form.picked')}{' '}
            <span className="c-muted">
              ({place.lat.toFixed(5)}, {place.lon.toFixed(5)})
            </span>
          </p>
        )}
        {gpsBlocked && !place && !problems.location && (
          <p className="c-muted" role="status" data-testid="gps-blocked">
            {t(geoProblemKey(gpsBlocked))}
          </p>
        )}
        {problems.location && (
          <p className="c-error" role="alert">
            {problems.location}
          </p>
        )}
        <label className="c-label" htmlFor="address">
          {t('c.form.address')}
        </label>
        <input
          id="address"
          className="c-input"
          maxLength={200}
          value={address}
          placeholder={t('c.form.addressPlaceholder')}
          onChange={(e) => setAddress(e.target.value)}
        />
      </section>

      <section className="c-card" id="what" aria-labelledby="what-h">
        <h2 id="what-h">{t('c.form.what')}</h2>
        <fieldset className="c-chips" aria-labelledby="what-h">
          {list.map(categoryButton)}
          {category && !list.some((c) => c.id === category.id) && categoryButton(category)}
        </fieldset>
        <label className="c-label" htmlFor="category-search">
          {t('c.form.searchCategory')}
        </label>
        <input
          id="category-search"
          className="c-input"
          type="search"
          maxLength={40}
          value={query}
          placeholder={t('c.form.searchPlaceholder')}
          onChange={(e) => setQuery(e.target.value)}
        />
        {found && (
          <div className="c-chips" aria-live="polite">
            {found.length === 0 ? (
              <p className="c-muted">{t('c.form.noMatch')}</p>
            ) : (
              found.map(categoryButton)
            )}
          </div>
        )}
        {problems.category && (
          <p className="c-error" role="alert">
            {problems.category}
          </p>
        )}
      </section>

      <section className="c-card" aria-labelledby="details-h">
        <h2 id="details-h">{t('c.form.details')}</h2>
        <label className="c-label" htmlFor="description">
          {t('c.form.description')}
        </label>
        <textarea
          id="description"
          className="c-input"
          rows={3}
          maxLength={1000}
          value={description}
          placeholder={t('c.form.descriptionPlaceholder')}
          onChange={(e) => setDescription(e.target.value)}
        />
        <label className="c-label" htmlFor="phone">
          {t('c.form.phone')}
        </label>
        <input
          id="phone"
          className="c-input"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          maxLength={30}
          value={phone}
          aria-invalid={problems.phone ? true : undefined}
          aria-describedby="phone-hint"
          onChange={(e) => setPhone(e.target.value)}
        />
        <p id="phone-hint" className="c-muted">
          {t('c.form.phoneHint')}
        </p>
        {problems.phone && (
          <p className="c-error" role="alert">
            {problems.phone}
          </p>
        )}
        {/* Anti-spam honeypot: hidden from people and screen readers, filled in by bots. */}
        <div className="c-hp" aria-hidden="true">
          <label htmlFor="website">{t('c.form.website')}</label>
          <input
            id="website"
            name="website"
            tabIndex={-1}
            autoComplete="off"
            value={website}
            onChange={(e) => setWebsite(e.target.value)}
          />
        </div>
      </section>

      {failure && (
        <p className="c-error c-failure" role="alert">
          {failure}
        </p>
      )}
      <div className="c-submit-bar">
        <button
          type="submit"
          className="c-btn c-btn-primary c-btn-big"
          disabled={sending}
          data-testid="submit"
        >
          {sending ? t('c.form.submitting') : t('c.form.submit')}
        </button>
      </div>

      {picking && (
        <Suspense fallback={<div className="c-overlay" />}>
          <PlacePicker
            initial={place}
            onCancel={() => setPicking(false)}
            onPick={(p) => {
              setPicking(false);
              setPlace({ ...p, source: 'map' });
              setProblems(({ location: _, ...rest }) => rest);
            }}
          />
        </Suspense>
      )}
    </form>
  );
}

/** After a submit: the code, big and copyable, and where to go next. */
export function DonePage({ code }: { code: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      // no clipboard (insecure context): select the code so the phone's own copy works
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('tracking-code')!);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }
  };
  return (
    <div className="c-page c-done">
      <div className="c-done-mark" aria-hidden="true">
        ✓
      </div>
      <h1 className="c-title">{t('c.done.title')}</h1>
      <p className="c-muted">{t('c.done.code')}</p>
      <p id="tracking-code" className="c-code" data-testid="tracking-code" data-code={code}>
        {formatCode(code)}
      </p>
      <p>{t('c.done.keep')}</p>
      <div className="c-col">
        <button type="button" className="c-btn" onClick={copy}>
          {copied ? t('c.done.copied') : t('c.done.copy')}
        </button>
        <Link to={`/m/t/${code}`} className="c-btn c-btn-primary">
          {t('c.done.view')}
        </Link>
        <Link to="/m/report" className="c-btn">
          {t('c.done.another')}
        </Link>
      </div>
    </div>
  );
}
