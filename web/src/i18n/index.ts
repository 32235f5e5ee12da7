/**
 * UI language: zh-CN by default, English on request; the choice is kept in localStorage.
 * Components call `t(key)` when they render and re-render on `onLocaleChange`.
 */
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
export type Locale = 'zh-CN' | 'en';

const dictionaries: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'lianqin.locale';
const listeners = new Set<(locale: Locale) => void>();

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

let current: Locale = storedLocale();

export function locale(): Locale {
  return current;
}

/** The message for `key`, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = dictionaries[current][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** Formats a number for the current locale (thousands separators). */
export function formatNumber(value: number, maximumFractionDigits = 0): string {
  return value.toLocaleString(current, { maximumFractionDigits });
}

export function setLocale(next: Locale): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode or storage disabled: the switch still works for this page.
  }
  document.documentElement.lang = next;
  for (const listener of listeners) listener(next);
}

/** Calls `listener` after every language switch; returns the unsubscribe function. */
export function onLocaleChange(listener: (locale: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The message of a key built from data (e.g. `action.${event.action}`), or `fallback` when there is none. */
export function label(key: string, fallback = key): string {
  return key in dictionaries[current] ? t(key as MessageKey) : fallback;
}
