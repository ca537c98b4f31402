/**
 * Installs the service worker (the shell for offline use) once the page has loaded and shown,
 * so its downloads never compete with the first render on a slow phone. Only in the built
 * portal: the development server has no /sw.js.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No offline shell (a private window, an http address other than localhost): the portal works as before.
    });
  };
  if (document.readyState === 'complete') setTimeout(register, 0);
  else window.addEventListener('load', register, { once: true });
}
