/**
 * Data for decoding the text of simple PDF fonts: the three named base encodings (PDF 32000-1 Annex D) as glyph
 * names, and the Unicode value of the glyph names that appear in them or that name a Latin letter or punctuation mark
 * (Adobe Glyph List, with the values pdfjs-dist uses). A glyph name outside this list is not guessed at: the caller
 * then reads the document with pdfjs-dist instead.
 */

/** Glyph name and hexadecimal code point, space separated. */
const GLYPHS =
  'space 20 spacehackarabic 20 exclam 21 quotedbl 22 numbersign 23 dollar 24 percent 25 ampersand 26 quotesingle ' +
  '27 parenleft 28 parenleftBig 28 parenleftBigg 28 parenleftbig 28 parenleftbigg 28 parenright 29 parenrightBig ' +
  '29 parenrightBigg 29 parenrightbig 29 parenrightbigg 29 asterisk 2a plus 2b comma 2c hyphen 2d period 2e slash ' +
  '2f slashBig 2f slashBigg 2f slashbig 2f slashbigg 2f zero 30 one 31 two 32 three 33 four 34 five 35 six 36 ' +
  'seven 37 eight 38 nine 39 colon 3a semicolon 3b less 3c equal 3d greater 3e question 3f at 40 A 41 B 42 C 43 D ' +
  '44 E 45 F 46 G 47 H 48 I 49 J 4a K 4b L 4c M 4d N 4e O 4f P 50 Q 51 R 52 S 53 T 54 U 55 V 56 W 57 X 58 Y 59 Z ' +
  '5a bracketleft 5b bracketleftBig 5b bracketleftBigg 5b bracketleftbig 5b bracketleftbigg 5b backslash 5c ' +
  'bracketright 5d bracketrightBig 5d bracketrightBigg 5d bracketrightbig 5d bracketrightbigg 5d asciicircum 5e ' +
  'underscore 5f grave 60 a 61 b 62 c 63 d 64 e 65 f 66 g 67 h 68 i 69 j 6a k 6b l 6c m 6d n 6e o 6f p 70 q 71 r ' +
  '72 s 73 t 74 u 75 v 76 w 77 x 78 y 79 z 7a braceleft 7b braceleftBig 7b braceleftBigg 7b braceleftbig 7b ' +
  'braceleftbigg 7b bar 7c verticalbar 7c braceright 7d bracerightBig 7d bracerightBigg 7d bracerightbig 7d ' +
  'bracerightbigg 7d asciitilde 7e controlDEL 7f nbspace a0 nonbreakingspace a0 exclamdown a1 cent a2 sterling a3 ' +
  'currency a4 yen a5 brokenbar a6 section a7 dieresis a8 circlecopyrt a9 copyright a9 ordfeminine aa ' +
  'guillemotleft ab logicalnot ac sfthyphen ad softhyphen ad registered ae macron af overscore af degree b0 ' +
  'plusminus b1 twosuperior b2 threesuperior b3 acute b4 mu b5 mu1 b5 paragraph b6 middot b7 periodcentered b7 ' +
  'cedilla b8 onesuperior b9 ordmasculine ba guillemotright bb onequarter bc onehalf bd threequarters be ' +
  'questiondown bf Agrave c0 Aacute c1 Acircumflex c2 Atilde c3 Adieresis c4 Aring c5 AE c6 Ccedilla c7 Egrave c8 ' +
  'Eacute c9 Ecircumflex ca Edieresis cb Igrave cc Iacute cd Icircumflex ce Idieresis cf Eth d0 Ntilde d1 Ograve ' +
  'd2 Oacute d3 Ocircumflex d4 Otilde d5 Odieresis d6 multiply d7 Oslash d8 Ugrave d9 Uacute da Ucircumflex db ' +
  'Udieresis dc Yacute dd Thorn de germandbls df agrave e0 aacute e1 acircumflex e2 atilde e3 adieresis e4 aring ' +
  'e5 ae e6 ccedilla e7 egrave e8 eacute e9 ecircumflex ea edieresis eb igrave ec iacute ed icircumflex ee ' +
  'idieresis ef eth f0 ntilde f1 ograve f2 oacute f3 ocircumflex f4 otilde f5 odieresis f6 divide f7 oslash f8 ' +
  'ugrave f9 uacute fa ucircumflex fb udieresis fc yacute fd thorn fe ydieresis ff Amacron 100 amacron 101 Abreve ' +
  '102 abreve 103 Aogonek 104 aogonek 105 Cacute 106 cacute 107 Ccircumflex 108 ccircumflex 109 Cdot 10a ' +
  'Cdotaccent 10a cdot 10b cdotaccent 10b Ccaron 10c ccaron 10d Dcaron 10e dcaron 10f Dcroat 110 Dslash 110 ' +
  'dcroat 111 dmacron 111 Emacron 112 emacron 113 Ebreve 114 ebreve 115 Edot 116 Edotaccent 116 edot 117 ' +
  'edotaccent 117 Eogonek 118 eogonek 119 Ecaron 11a ecaron 11b Gcircumflex 11c gcircumflex 11d Gbreve 11e gbreve ' +
  '11f Gdot 120 Gdotaccent 120 gdot 121 gdotaccent 121 Gcedilla 122 Gcommaaccent 122 gcedilla 123 gcommaaccent ' +
  '123 Hcircumflex 124 hcircumflex 125 Hbar 126 hbar 127 Itilde 128 itilde 129 Imacron 12a imacron 12b Ibreve 12c ' +
  'ibreve 12d Iogonek 12e iogonek 12f Idot 130 Idotaccent 130 dotlessi 131 IJ 132 ij 133 Jcircumflex 134 ' +
  'jcircumflex 135 Kcedilla 136 Kcommaaccent 136 kcedilla 137 kcommaaccent 137 kgreenlandic 138 Lacute 139 lacute ' +
  '13a Lcedilla 13b Lcommaaccent 13b lcedilla 13c lcommaaccent 13c Lcaron 13d lcaron 13e Ldot 13f Ldotaccent 13f ' +
  'ldot 140 ldotaccent 140 Lslash 141 lslash 142 Nacute 143 nacute 144 Ncedilla 145 Ncommaaccent 145 ncedilla 146 ' +
  'ncommaaccent 146 Ncaron 147 ncaron 148 napostrophe 149 quoterightn 149 Eng 14a eng 14b Omacron 14c omacron 14d ' +
  'Obreve 14e obreve 14f Odblacute 150 Ohungarumlaut 150 odblacute 151 ohungarumlaut 151 OE 152 oe 153 Racute 154 ' +
  'racute 155 Rcedilla 156 Rcommaaccent 156 rcedilla 157 rcommaaccent 157 Rcaron 158 rcaron 159 Sacute 15a sacute ' +
  '15b Scircumflex 15c scircumflex 15d Scedilla 15e scedilla 15f Scaron 160 scaron 161 Tcedilla 162 Tcommaaccent ' +
  '162 tcedilla 163 tcommaaccent 163 Tcaron 164 tcaron 165 Tbar 166 tbar 167 Utilde 168 utilde 169 Umacron 16a ' +
  'umacron 16b Ubreve 16c ubreve 16d Uring 16e uring 16f Udblacute 170 Uhungarumlaut 170 udblacute 171 ' +
  'uhungarumlaut 171 Uogonek 172 uogonek 173 Wcircumflex 174 wcircumflex 175 Ycircumflex 176 ycircumflex 177 ' +
  'Ydieresis 178 Zacute 179 zacute 17a Zdot 17b Zdotaccent 17b zdot 17c zdotaccent 17c Zcaron 17d zcaron 17e ' +
  'longs 17f slong 17f florin 192 circumflex 2c6 caron 2c7 breve 2d8 dotaccent 2d9 ring 2da ogonek 2db tilde 2dc ' +
  'hungarumlaut 2dd pi 3c0 enspace 2002 zerowidthspace 200b zerowidthnonjoiner 200c hyphentwo 2010 figuredash ' +
  '2012 endash 2013 emdash 2014 horizontalbar 2015 bardbl 2016 dblverticalbar 2016 dbllowline 2017 underscoredbl ' +
  '2017 quoteleft 2018 quoteright 2019 quotesinglbase 201a quoteleftreversed 201b quotereversed 201b quotedblleft ' +
  '201c quotedblright 201d quotedblbase 201e dagger 2020 daggerdbl 2021 bullet 2022 onedotenleader 2024 ' +
  'twodotenleader 2025 twodotleader 2025 ellipsis 2026 perthousand 2030 minute 2032 prime 2032 second 2033 ' +
  'primereversed 2035 guilsinglleft 2039 guilsinglright 203a referencemark 203b exclamdbl 203c overline 203e ' +
  'asterism 2042 fraction 2044 Euro 20ac euro 20ac trademark 2122 Omega 2126 partialdiff 2202 Delta 2206 product ' +
  '220f summation 2211 minus 2212 radical 221a infinity 221e integral 222b approxequal 2248 notequal 2260 ' +
  'lessequal 2264 greaterequal 2265 lozenge 25ca apple f8ff f_f fb00 ff fb00 f_i fb01 fi fb01 f_l fb02 fl fb02 ' +
  'f_f_i fb03 ffi fb03 f_f_l fb04 ffl fb04';

/** Codes 32–126, common to the three encodings but for two quotes of StandardEncoding. */
const ASCII =
  'space exclam quotedbl numbersign dollar percent ampersand quotesingle parenleft parenright asterisk plus comma ' +
  'hyphen period slash zero one two three four five six seven eight nine colon semicolon less equal greater ' +
  'question at A B C D E F G H I J K L M N O P Q R S T U V W X Y Z bracketleft backslash bracketright asciicircum ' +
  'underscore grave a b c d e f g h i j k l m n o p q r s t u v w x y z braceleft bar braceright asciitilde';

/** Codes 128–255 of each encoding, `-` where the encoding has no glyph. */
const HIGH = {
  StandardEncoding:
  '- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - exclamdown cent sterling fraction yen florin ' +
  'section currency quotesingle quotedblleft guillemotleft guilsinglleft guilsinglright fi fl - endash dagger ' +
  'daggerdbl periodcentered - paragraph bullet quotesinglbase quotedblbase quotedblright guillemotright ellipsis ' +
  'perthousand - questiondown - grave acute circumflex tilde macron breve dotaccent dieresis - ring cedilla - ' +
  'hungarumlaut ogonek caron emdash - - - - - - - - - - - - - - - - AE - ordfeminine - - - - Lslash Oslash OE ' +
  'ordmasculine - - - - - ae - - - dotlessi - - lslash oslash oe germandbls - - - -',
  WinAnsiEncoding:
  'Euro bullet quotesinglbase florin quotedblbase ellipsis dagger daggerdbl circumflex perthousand Scaron ' +
  'guilsinglleft OE bullet Zcaron bullet bullet quoteleft quoteright quotedblleft quotedblright bullet endash ' +
  'emdash tilde trademark scaron guilsinglright oe bullet zcaron Ydieresis space exclamdown cent sterling ' +
  'currency yen brokenbar section dieresis copyright ordfeminine guillemotleft logicalnot hyphen registered ' +
  'macron degree plusminus twosuperior threesuperior acute mu paragraph periodcentered cedilla onesuperior ' +
  'ordmasculine guillemotright onequarter onehalf threequarters questiondown Agrave Aacute Acircumflex Atilde ' +
  'Adieresis Aring AE Ccedilla Egrave Eacute Ecircumflex Edieresis Igrave Iacute Icircumflex Idieresis Eth Ntilde ' +
  'Ograve Oacute Ocircumflex Otilde Odieresis multiply Oslash Ugrave Uacute Ucircumflex Udieresis Yacute Thorn ' +
  'germandbls agrave aacute acircumflex atilde adieresis aring ae ccedilla egrave eacute ecircumflex edieresis ' +
  'igrave iacute icircumflex idieresis eth ntilde ograve oacute ocircumflex otilde odieresis divide oslash ugrave ' +
  'uacute ucircumflex udieresis yacute thorn ydieresis',
  MacRomanEncoding:
  'Adieresis Aring Ccedilla Eacute Ntilde Odieresis Udieresis aacute agrave acircumflex adieresis atilde aring ' +
  'ccedilla eacute egrave ecircumflex edieresis iacute igrave icircumflex idieresis ntilde oacute ograve ' +
  'ocircumflex odieresis otilde uacute ugrave ucircumflex udieresis dagger degree cent sterling section bullet ' +
  'paragraph germandbls registered copyright trademark acute dieresis notequal AE Oslash infinity plusminus ' +
  'lessequal greaterequal yen mu partialdiff summation product pi integral ordfeminine ordmasculine Omega ae ' +
  'oslash questiondown exclamdown logicalnot radical florin approxequal Delta guillemotleft guillemotright ' +
  'ellipsis space Agrave Atilde Otilde OE oe endash emdash quotedblleft quotedblright quoteleft quoteright divide ' +
  'lozenge ydieresis Ydieresis fraction currency guilsinglleft guilsinglright fi fl daggerdbl periodcentered ' +
  'quotesinglbase quotedblbase perthousand Acircumflex Ecircumflex Aacute Edieresis Egrave Iacute Icircumflex ' +
  'Idieresis Igrave Oacute Ocircumflex apple Ograve Uacute Ucircumflex Ugrave dotlessi circumflex tilde macron ' +
  'breve dotaccent ring cedilla hungarumlaut ogonek caron',
} as const;

/** A named base encoding this module knows. */
export type BaseEncodingName = keyof typeof HIGH;

let glyphMap: Map<string, number> | undefined;

/** The code point of a glyph name of the list, or `undefined`. */
export function glyphUnicode(name: string): number | undefined {
  if (glyphMap === undefined) {
    glyphMap = new Map();
    const parts = GLYPHS.split(' ');
    for (let i = 0; i + 1 < parts.length; i += 2) glyphMap.set(parts[i] as string, parseInt(parts[i + 1] as string, 16));
  }
  return glyphMap.get(name);
}

const encodings = /* @__PURE__ */ new Map<BaseEncodingName, readonly string[]>();

/** The 256 glyph names of a base encoding, `''` where it has none. */
export function baseEncoding(name: BaseEncodingName): readonly string[] {
  let table = encodings.get(name);
  if (table === undefined) {
    const ascii = ASCII.split(' ');
    if (name === 'StandardEncoding') {
      ascii[39 - 32] = 'quoteright';
      ascii[96 - 32] = 'quoteleft';
    }
    const high = HIGH[name].split(' ').map((g) => (g === '-' ? '' : g));
    table = [...(new Array<string>(32).fill('')), ...ascii, name === 'WinAnsiEncoding' ? 'bullet' : '', ...high];
    encodings.set(name, table);
  }
  return table;
}
