import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { useI18n } from '../i18n/i18n-context';

/**
 * The page's <h1>. It names the document (title) and, after an in-app navigation, takes focus
 * so that screen-reader users hear where they arrived. The first page load keeps the normal
 * focus order.
 */
export function PageHeading({ children, title, id }: { children: ReactNode; title: string; id?: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLHeadingElement>(null);
  const location = useLocation();

  useEffect(() => {
    document.title = t('common.pageTitle', { page: title });
  }, [t, title]);

  useEffect(() => {
    if (location.key !== 'default') ref.current?.focus();
  }, [location.key]);

  return (
    <h1 ref={ref} tabIndex={-1} id={id}>
      {children}
    </h1>
  );
}

/** A step heading inside a multi-step page; focused when the step changes. */
export function StepHeading({ children, focus, id }: { children: ReactNode; focus: boolean; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <h2 ref={ref} tabIndex={-1} id={id}>
      {children}
    </h2>
  );
}
