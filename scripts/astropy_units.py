#!/usr/bin/env python3
"""Generates Felicette's unit vocabulary and unit test corpus from astropy.

felis checks every ivoa:unit / fits:tunit with astropy's Unit(...) (its generic format); Felicette
carries what it needs of that as data:

  src/main/resources/org/felicette/felis/astropy-units.txt
      every unit name astropy's generic format knows (its unit registry, prefixed forms
      included), one per line, with log10 of its scale in SI units;
  src/test/resources/org/felicette/felis/astropy-unit-strings.tsv
      unit strings with astropy's verdict (valid or invalid): hand-written ones and ones made
      by a seeded random walk over the generic format's tokens, to hold the Java parser to
      astropy's grammar.

Run it from the project root with the astropy felis uses (recorded in both files' headers):

  python3 -m venv /tmp/astropy && /tmp/astropy/bin/pip install 'astropy==8.0.1'
  /tmp/astropy/bin/python scripts/astropy_units.py
"""

import math
import random
import warnings
from pathlib import Path

import astropy
import astropy.units as u
from astropy.units.core import get_current_unit_registry

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = ROOT / "src/main/resources/org/felicette/felis/astropy-units.txt"
CORPUS = ROOT / "src/test/resources/org/felicette/felis/astropy-unit-strings.tsv"

# Unit strings of the kinds catalogues write, and the edges of the generic grammar.
HAND_WRITTEN = [line for line in """
m|s|kg|g|K|A|mol|cd|rad|sr|Hz|N|Pa|J|W|C|V|F|Ohm|S|Wb|T|H|lm|lx|Bq|Gy|Sv
km|cm|mm|um|nm|pm|fm|Mpc|kpc|pc|AU|au|lyr|Angstrom|AA|micron
ms|us|ns|min|h|d|yr|Myr|Gyr|a|wk|fortnight|sday
deg|arcmin|arcsec|mas|uas|hourangle|degree|deg_C
Jy|mJy|uJy|nJy|MJy|erg|eV|keV|MeV|GeV|TeV
mag|mag(AB)|mag(ST)|dex|dB|dex(cm/s2)|dB(mW)|mag(m)|AB|ST|mgy|nmgy
ct|count|ph|photon|electron|adu|pix|pixel|beam|chan|bin|vox|voxel|bit|byte|B|kbyte|Mibyte
solMass|Msun|M_sun|solRad|Rsun|R_sun|solLum|Lsun|L_sun|earthMass|M_earth|jupiterMass|M_jup|earthRad|jupiterRad
%|percent|one|dimensionless|ohm|DN|
degC|ABmag|STmag|foo|littleh|unknown|Ohms|meters|arcsecs|nanomaggy|m_e|µ
m/s|m/s**2|m/s**2S|m s-1|m.s-1|m*s**-1|km/s|km s-1|km/s/Mpc|m  s
erg/s/cm2/Angstrom|erg/(s cm2 Angstrom)|erg s-1 cm-2 AA-1|W/m2/Hz|W m-2 Hz-1|kg m2 s-2
nJy.arcsec**2|arcsec**2|arcsec^2|arcsec2|mas**2/yr|mas/yr|mas.yr-1|deg**2|deg2|deg^2|deg.deg
m2.t-1|1e-10.au.d-2|1e-3 m|10**-3 m|10**(-3) m|10^-3 m|10-3 m|10+3m|10(-3) m|10(3) m|10 ** -3 m
2**3 m|2**3|2**(3/2) m|10**(3/2) m|10**(1.5) m|2**(1.5) m|2**(-1.5) m|10**-1.5 m|2 m|2.5 m|.5 m|5. m|5.m
-1 m|+1 m|1 -1 m|10 3 m|2 10-3 m|1.5 10-3 m|1.5 2 m|2 10**3 m|2 3
1e999 m|1e-999 m|0 m|0.0 m|0 0-1 m|0**-1|10**0|1e999|0 10 m
(m/s)**2|(m s)**2|(m s)2|m(s)|m (s)|m(2)|m**(1/2)|m**(1.5)|m**(-1/2)|m**(3/-2)|m^2^2|m**-1.5|m-1.5|m**-2|m-2|m2 s|m 2
m(1/2) s|m(1/0)|m**(1/0)|m**(0/1)|m(1.5e3)|m(+3/-2)|m(3/2/2)|Hz(1/2)|m(1/2)|m(0.5)|m(-1/2)|s(+1)|m+1|m+2|m2.s|m.5
sqrt(m)|sqrt(Hz)|sqrt(m/s)|log(m)|ln(m)|exp(m)|exp (m)|ln(2)|sqrt (m)|mag (AB)|mag()|sqrt()
mag(mag(AB))|dex(dex)|dex(mag)|mag(dex)|mag(dB)|mag(m, s)|mag(m, )|mag((m, s))|sqrt((m, s))|sqrt(m, s)
mag(1)|mag(2)|mag(10**3 m)|mag(2 m)|dB(2 mW)|dex(1)|dex(10**3)|mag(1) m|mag(1/s)|mag(/s)
mag m|m mag|2 mag|mag/s|mag**2|mag2|dex2|dB**2|1/mag|m/mag|mag.mag|(mag)|(mag(AB))|sqrt(mag)
mag(sqrt(m))|mag(sqrt(mag))|mag(mag**2)|mag(m/mag)|mag(m mag)|mag(mag2)|mag(dex(m))
mag(AB) m|dex(cm) s|mag(AB)/s|mag(AB) /s|dB(m)/s|mag(AB)**2|sqrt(m)**2|sqrt(mag(AB))|sqrt(dex(m))
mag(AB) mag(ST)|10 mag(AB)|10**3 mag(AB)|1/mag(AB)|mag(m)/mag(s)|mag(AB).mag(AB)|2 (mag(AB))|m dex(m)
mag(AB), s|(mag(AB), s)|(mag(AB) m)|(sqrt(mag(AB)))|dex(cm/s**2)|dex(cm s**-2)
m, s|(m, s)|(m, s), yr|m, (s, yr)|m, s, yr|m, (m, s)|(m,)|m,|m, s,|m, , s|m, s m|(m s, yr)|(m/s, yr)
((m, s))|((m, s),)|(m, s)**2|,|(,)|,m|m,,s
/s|/(m s)|/m s|/m/s|1/m s|1 /m|2 /s|m s /|//s|m//s|m..s|m*/s|m**/s|m/ s|m /s|m / s|m . s|m * s|1/s|1 / s|1/(m s)
-m|m-|m+|+m|m--|(m|((m)|(m))|()|( )|
µm|μm|µJy|μJy|°|°C|Å|Ω|mΩ|MΩ|m²|m⁻¹|s⁻²|R∞|M☉|M⊙|R☉|M♃|M⊕|e⁻|′|″|ʰ|m−1|Mᴊ|m₂|mₑ
ct / s|DN/s|electron/s|e/s|adu/s|Jy/beam|mJy/beam|K km/s|K.km.s-1|cm-3|cm**-3|g/cm3|g.cm-3|yr-1
""".strip().split("\n") for line in [line]]
HAND_WRITTEN = [entry for line in HAND_WRITTEN for entry in line.split("|")]
HAND_WRITTEN += ["  m  ", " ", "", "m\ts", "m s\t", "nJy**22", "2 nJy**22", "nJy**22 nJy**-22", "nJy**20",
                 "km**40", "nJy**10/m", "m/nJy**22", "mag(nJy**22)", "sqrt(nJy**40)", "(nJy**22, s)", "0",
                 "0.0", "1e-999", "1e999", "10**400 m", "10**-400 m", "2 10**400 m", "1.5 10**400 m",
                 "2**(1.5e3) m", "1.5 2**(1.5e3) m", "nJy(22)", "fJy**18", "aJy**17", "yJy**16 s"]

UNITS = ["m", "s", "km", "Jy", "nJy", "deg", "arcsec", "mag", "AB", "Hz", "erg", "cm", "yr", "pc", "ct",
         "electron", "adu", "pix", "K", "W", "foo", "degC", "ABmag", "h", "e", "S", "mas", "dex", "dB", "sqrt",
         "log", "%", "µm", "°"]
NUMBERS = ["1", "2", "3", "10", "0", "1.5", ".5", "5.", "1e-3", "2e5", "1.e5"]
OPERATORS = [".", "*", "**", "^", "/", "(", ")", ",", " ", "+", "-", "-1", "+2", "2", "(1/2)", "(-3)", "(1.5)"]


def verdict(text):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            u.Unit(text)
        return "valid"
    except Exception:  # astropy raises ValueError, TypeError and others for what it cannot read
        return "invalid"


def random_strings(count, seed):
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        parts = []
        if rng.random() < 0.3:
            parts.append(rng.choice(NUMBERS))
            parts.append(rng.choice([" ", ".", "*", "**", "^", "", "-", "+"]))
            if parts[-1] in ("**", "^", "-", "+"):
                parts.append(rng.choice(["3", "-3", "(3)", "(-3)", "(3/2)", "2"]))
                parts.append(" ")
        for _ in range(rng.randint(1, 4)):
            unit = rng.choice(UNITS)
            if unit in ("mag", "dex", "dB", "sqrt", "log") and rng.random() < 0.6:
                unit += "(" + rng.choice(UNITS[:8]) + ")"
            parts.append(unit)
            if rng.random() < 0.4:
                parts.append(rng.choice(["2", "-1", "**2", "^-1", "**(1/2)", "(2)", "**-1", "3", "+1", "**1.5"]))
            parts.append(rng.choice([" ", ".", "*", "/", " / ", ""]))
        text = "".join(parts).rstrip(" ./*")
        if rng.random() < 0.35:
            i = rng.randrange(len(text) + 1)
            text = text[:i] + rng.choice(OPERATORS) + text[i:]
        if rng.random() < 0.1:
            text = "(" + text + ")"
        if text not in out:
            out.append(text)
    return out


def main():
    registry = get_current_unit_registry()
    for name in ("mag", "dB", "dex"):
        assert callable(registry.registry[name]), name + " is no longer a function unit"
    names = sorted(set(registry.registry) | set(registry.aliases))
    header = f"# astropy {astropy.__version__}: the names astropy.units' generic format knows, each with " \
             "log10 of its scale in SI units (astropy refuses a unit whose SI scale is 0). " \
             "Generated by scripts/astropy_units.py; do not edit.\n"
    lines = []
    for name in names:
        unit = registry.registry.get(name) or registry.aliases[name]
        lines.append(f"{name}\t{math.log10(abs(unit.decompose().scale)):.6f}\n")
    VOCABULARY.write_text(header + "".join(lines), encoding="utf-8")
    strings = list(dict.fromkeys(HAND_WRITTEN + random_strings(1500, 20261201)))
    CORPUS.parent.mkdir(parents=True, exist_ok=True)
    with CORPUS.open("w", encoding="utf-8") as out:
        out.write(f"# astropy {astropy.__version__}: verdict<TAB>unit string (\\t stands for a tab). "
                  "Generated by scripts/astropy_units.py; do not edit.\n")
        for text in strings:
            text = text.replace("\\t", "\t")
            out.write(verdict(text) + "\t" + text.replace("\t", "\\t") + "\n")
    print(f"{len(names)} unit names, {len(strings)} unit strings (astropy {astropy.__version__})")


if __name__ == "__main__":
    main()
