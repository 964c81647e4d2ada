// Switches the portal and the toolkit between the light and the dark theme.
const toggle = document.querySelector('#theme-toggle');
const map = document.querySelector('#map');

toggle.addEventListener('click', () => {
  const dark = document.documentElement.classList.toggle('sozialraum-theme-dark');
  toggle.setAttribute('aria-pressed', String(dark));
  // Colours drawn on the map canvas are read from the custom properties again; CSS-styled parts follow by themselves.
  map.restyle();
});
