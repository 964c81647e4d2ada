// The old-boundaries map switches between the carried residents and the share of them that is an estimate.
const choropleth = document.getElementById('old-choropleth');
document.getElementById('old-show').addEventListener('change', (event) => {
  const column = event.target.value;
  choropleth.setAttribute('indicator', column);
  if (column === 'split_share') {
    choropleth.setAttribute('breaks', '0.05,0.25,0.5,0.75');
    choropleth.setAttribute('palette', 'oranges');
  } else {
    choropleth.setAttribute('breaks', '2500,5000,7500,10000');
    choropleth.setAttribute('palette', 'blues');
  }
});
