/** Data shared by the benchmarks' generators: valid SINs and French names. */

/** Completes 8 digits with their Luhn check digit (a valid SIN or BN9). */
export function withCheckDigit(first8: string): string {
  for (let d = 0; d <= 9; d++) {
    const s = `${first8}${d}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) {
      let v = s.charCodeAt(i) - 48;
      if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}

export const FIRST = ['Émilie', 'François', 'Zoé', 'Jean-Sébastien', 'Chloé', 'Benoît', 'Marie-Ève', 'Seán', 'Noémie', 'Gaëtan'];
export const LAST = ['Côté', 'Bélanger', 'O’Brien', 'Lœuillet', 'Gagnon-Tremblay', 'Lévesque', 'Bouchard', 'Pelletier', 'Roy', 'Gauthier'];
export const CITY = ['Montréal', 'Québec', 'Trois-Rivières', 'Lévis', 'Saint-Jérôme'];
