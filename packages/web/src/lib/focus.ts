/**
 * Moves focus to an element after React has rendered it (e.g. the first invalid field, or a
 * result that is about to appear). If it is not in the page yet, tries again on the next
 * frames for a little while.
 */
export function focusById(id: string, attempts = 20): void {
  window.setTimeout(() => {
    const element = document.getElementById(id);
    if (element) element.focus();
    else if (attempts > 0) window.requestAnimationFrame(() => focusById(id, attempts - 1));
  }, 0);
}
