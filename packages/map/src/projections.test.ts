/// <reference types="mocha" />
// The toolkit's coordinate systems as OpenLayers knows them once the map is loaded: every pair transforms as core's
// proj4 does (the converters are built on first use, not at start), and both ways.
import { expect } from 'chai';
import { transform, get as getProjection } from 'ol/proj.js';
import { SUPPORTED_CRS, transformer } from '@sozialraum/core';
import './sozialraum-map.js';

/** Berlin's Alexanderplatz in each supported CRS, as core computes it. */
const ALEXANDERPLATZ: [number, number] = [13.4132, 52.5219];

describe('registerProjections', () => {
  it('makes every supported CRS known to OpenLayers, with its units', () => {
    for (const crs of SUPPORTED_CRS) {
      const projection = getProjection(crs.code);
      expect(projection, crs.code).to.not.equal(null);
      expect(projection!.getUnits(), crs.code).to.equal(crs.code === 'EPSG:4326' ? 'degrees' : 'm');
    }
  });

  it('transforms between every pair of supported CRSs as core does, and back', () => {
    for (const from of SUPPORTED_CRS) {
      const start = transformer('EPSG:4326', from.code)(ALEXANDERPLATZ);
      for (const to of SUPPORTED_CRS) {
        const expected = transformer(from.code, to.code)(start);
        const actual = transform(start, from.code, to.code);
        // To a centimetre: far outside their zones (Berlin lies 7° east of Gauss-Krüger zone 2) two converters of one
        // pair part by a millimetre.
        const tolerance = to.code === 'EPSG:4326' ? 1e-7 : 1e-2;
        expect(actual[0], `${from.code} → ${to.code} x`).to.be.closeTo(expected[0]!, tolerance);
        expect(actual[1], `${from.code} → ${to.code} y`).to.be.closeTo(expected[1]!, tolerance);
        const back = transform(actual, to.code, from.code);
        const backTolerance = from.code === 'EPSG:4326' ? 1e-7 : 1e-2;
        expect(back[0], `${to.code} → ${from.code} x`).to.be.closeTo(start[0]!, backTolerance);
        expect(back[1], `${to.code} → ${from.code} y`).to.be.closeTo(start[1]!, backTolerance);
      }
    }
  });
});
