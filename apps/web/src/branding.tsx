import type { Locale } from '@guestlist/i18n/browser';
import { isLocale } from '@guestlist/i18n/browser';
import { createContext, useContext } from 'react';
import './branding.css';

/** What the page shows of the operator's branding (spec §11): the server puts it in the page. */
export interface Branding {
  productName: string;
  logoUrl: string | null;
  accentColor: string;
  permissionLabels: Record<string, string>;
  defaultLocale: Locale;
}

const DEFAULTS: Branding = {
  productName: 'Guestlist',
  logoUrl: null,
  accentColor: '#0b5fff',
  permissionLabels: {},
  defaultLocale: 'en',
};

const COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * The branding the server rendered into the page, each value checked again here (a page is
 * also served by the development server, without it): a name is text, a logo only https, a
 * colour only `#rrggbb`, so no value can become markup, a script URL or CSS.
 */
export function readBranding(): Branding {
  let raw: Partial<Record<keyof Branding, unknown>> = {};
  try {
    raw = JSON.parse(document.getElementById('branding')?.textContent ?? '{}');
  } catch {
    // A page without branding shows the defaults.
  }
  const labels =
    raw.permissionLabels && typeof raw.permissionLabels === 'object'
      ? Object.fromEntries(
          Object.entries(raw.permissionLabels).filter(([, v]) => typeof v === 'string'),
        )
      : {};
  return {
    productName:
      typeof raw.productName === 'string' && raw.productName.trim()
        ? raw.productName
        : DEFAULTS.productName,
    logoUrl: typeof raw.logoUrl === 'string' && isHttps(raw.logoUrl) ? raw.logoUrl : null,
    accentColor:
      typeof raw.accentColor === 'string' && COLOR.test(raw.accentColor)
        ? raw.accentColor
        : DEFAULTS.accentColor,
    permissionLabels: labels as Record<string, string>,
    defaultLocale: isLocale(raw.defaultLocale) ? raw.defaultLocale : DEFAULTS.defaultLocale,
  };
}

function isHttps(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** WCAG's relative luminance of `#rrggbb` channels. */
function luminance(rgb: number[]): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/**
 * The colour, darkened as little as needed to reach 5:1 against white: the accent is white
 * text's background on buttons and the text of links and secondary buttons, and 5:1 keeps
 * those at WCAG AA's 4.5:1 on the lightly tinted rows too. A colour that reaches it is kept.
 */
export function readableAccent(color: string): string {
  let rgb = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));
  while (1.05 / (luminance(rgb) + 0.05) < 5) rgb = rgb.map((c) => Math.floor(c * 0.92));
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The accent colour as the pages' CSS accent, from a validated `#rrggbb` only. */
export function applyAccent(color: string): void {
  if (COLOR.test(color))
    document.documentElement.style.setProperty('--accent', readableAccent(color));
}

const BrandingContext = createContext<Branding>(DEFAULTS);
export const BrandingProvider = BrandingContext.Provider;
export const useBranding = () => useContext(BrandingContext);

/** The product's logo, when one is set, with its name as the text a screen reader reads. */
export function Logo({ className }: { className?: string }) {
  const { logoUrl, productName } = useBranding();
  if (!logoUrl) return null;
  // Beside the product's name it is decoration; alone (a page's top), it names the product.
  return (
    <img
      className={className ?? 'logo'}
      src={logoUrl}
      alt={className === 'brand-logo' ? '' : productName}
    />
  );
}
