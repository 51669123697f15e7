// The navigation drawer without Material's JavaScript bundle. Material opens the drawer with a
// CSS checkbox (#__drawer) and a <label>, which a keyboard cannot reach. This puts a real <button>
// in the label's place (same look), adds a close button inside the drawer, moves focus in and out,
// and closes on Escape. Without JavaScript the label still works with a mouse or a finger.
// (#__drawer has no autocomplete="off", invalid on a checkbox: a drawer restored open is closed below.)
const box = document.getElementById('__drawer');
const label = document.querySelector('.md-header label[for="__drawer"]');
const nav = document.querySelector('.md-sidebar--primary .md-nav--primary');
if (box && label && nav) {
  nav.id = nav.id || 'portal-drawer';
  const open = document.createElement('button');
  open.type = 'button';
  open.className = `${label.className} portal-drawer-open`;
  open.setAttribute('aria-label', 'メニュー');
  open.setAttribute('aria-controls', nav.id);
  open.append(...label.childNodes);
  label.replaceWith(open);

  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'portal-drawer-close';
  close.textContent = 'メニューを閉じる';
  close.setAttribute('aria-controls', nav.id);
  nav.prepend(close);

  const sync = () => open.setAttribute('aria-expanded', String(box.checked));
  const toggle = () => box.click();
  open.addEventListener('click', toggle);
  close.addEventListener('click', () => { if (box.checked) toggle(); });
  box.addEventListener('change', () => {
    sync();
    (box.checked ? close : open).focus({ preventScroll: true });
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && box.checked) toggle();
  });
  // Back/Forward: the browser may restore the checkbox checked (form state, or the page kept whole in
  // the back-forward cache). The page comes back with the drawer closed and the focus out of it.
  const reset = () => {
    if (!box.checked) return;
    const inside = nav.contains(document.activeElement);
    box.checked = false;
    sync();
    if (inside) open.focus({ preventScroll: true });
  };
  window.addEventListener('pageshow', reset);
  reset();
  sync();
}
