// Two languages: zh-CN (default) and en. Messages are plain objects per feature, merged here, so a
// feature's words live beside its code. Domain names (states, roles, actions) come from the domain package.

import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { setApiLanguage } from '../api/client.ts';
import { commonMessages } from './common.ts';

export type Lang = 'zh' | 'en';
export type Messages = Record<string, { zh: string; en: string }>;

const registry: Messages = { ...commonMessages };

/** Features call this at module load with their own messages. */
export function defineMessages<M extends Messages>(messages: M): M {
  Object.assign(registry, messages);
  return messages;
}

const STORAGE_KEY = 'xh.lang';

function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  const lang = stored === 'zh' || stored === 'en' ? stored : 'zh';
  setApiLanguage(lang);
  return lang;
}

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** Pick the right side of a {zh, en} pair (domain names). */
  pick: (pair: { zh: string; en: string } | undefined, fallback?: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setApiLanguage(next);
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const t: Translate = (key, vars) => {
      const entry = registry[key];
      let text = entry ? entry[lang] : key;
      if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
      return text;
    };
    return { lang, setLang, t, pick: (pair, fallback = '') => (pair ? pair[lang] : fallback) };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
