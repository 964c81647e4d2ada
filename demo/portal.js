// Switches the portal and the toolkit between the light and the dark theme.
const toggle = document.querySelector('#theme-toggle');
const map = document.querySelector('#map');

toggle.addEventListener('click', () => {
  const dark = document.documentElement.classList.toggle('sozialraum-theme-dark');
  // The label says what a click does next; a label that changes with the state takes no aria-pressed.
  toggle.textContent = dark ? 'Helle Darstellung' : 'Dunkle Darstellung';
  // Colours drawn on the map canvas are read from the custom properties again; CSS-styled parts follow by themselves.
  map.restyle();
});
