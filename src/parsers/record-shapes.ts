/**
 * The objects a parser returns for each row: records and their addresses, built by constructors whose `prototype` is
 * `Object.prototype`. What they make is a plain object in every way a caller can see (prototype `Object.prototype`,
 * `constructor` Object, own enumerable properties in the order written here, absent fields not present at all), but
 * V8 gives the objects of one constructor room inside them for every property it assigns: a record is one object
 * holding its fields, where a literal grown field by field was an object plus a separate property array, reallocated
 * three times on the way (a million kept records are a million fewer objects for the garbage collector to move).
 */
import type { Address, ClientLanguage, CorporationRecord, FamilyRole, IndividualRecord } from '../model/client.js';
import type { ProvinceCode } from '../model/identifiers.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The fields individuals and corporations share, read before the record is made (their issues come first). */
export interface CommonFields {
  email?: string | undefined;
  phone?: string | undefined;
  language?: ClientLanguage | undefined;
  address?: Address | undefined;
  clientFile?: string | undefined;
  clientNumber?: string | undefined;
}

/** The fields both kinds end with, then `source`. */
function assignCommon(target: Mutable<IndividualRecord> | Mutable<CorporationRecord>, common: CommonFields, row: number): void {
  if (common.email !== undefined) target.email = common.email;
  if (common.phone !== undefined) target.phone = common.phone;
  if (common.language !== undefined) target.language = common.language;
  if (common.address !== undefined) target.address = common.address;
  if (common.clientFile !== undefined) target.clientFile = common.clientFile;
  if (common.clientNumber !== undefined) target.clientNumber = common.clientNumber;
  target.source = { row };
}

function AddressShape(
  this: Mutable<Address>,
  line1: string | undefined,
  line2: string | undefined,
  city: string | undefined,
  country: string | undefined,
  province: ProvinceCode | undefined,
  postalCode: string | undefined,
): void {
  if (line1 !== undefined) this.line1 = line1;
  if (line2 !== undefined) this.line2 = line2;
  if (city !== undefined) this.city = city;
  if (country !== undefined) this.country = country;
  if (province !== undefined) this.province = province;
  if (postalCode !== undefined) this.postalCode = postalCode;
}

function IndividualShape(
  this: Mutable<IndividualRecord>,
  firstName: string,
  lastName: string,
  sin: string | undefined,
  birthDate: string | undefined,
  spouseSin: string | undefined,
  role: FamilyRole | undefined,
  common: CommonFields,
  row: number,
): void {
  this.kind = 'individual';
  this.firstName = firstName;
  this.lastName = lastName;
  if (sin !== undefined) this.sin = sin;
  if (birthDate !== undefined) this.birthDate = birthDate;
  if (spouseSin !== undefined) this.spouseSin = spouseSin;
  if (role !== undefined) this.role = role;
  assignCommon(this, common, row);
}

function CorporationShape(
  this: Mutable<CorporationRecord>,
  name: string,
  businessNumber: string | undefined,
  programAccount: string | undefined,
  neq: string | undefined,
  fiscalYearEnd: string | undefined,
  contactName: string | undefined,
  common: CommonFields,
  row: number,
): void {
  this.kind = 'corporation';
  this.name = name;
  if (businessNumber !== undefined) this.businessNumber = businessNumber;
  if (programAccount !== undefined) this.programAccount = programAccount;
  if (neq !== undefined) this.neq = neq;
  if (fiscalYearEnd !== undefined) this.fiscalYearEnd = fiscalYearEnd;
  if (contactName !== undefined) this.contactName = contactName;
  assignCommon(this, common, row);
}

// Plain objects: what these constructors make inherits from Object.prototype, as a literal does.
AddressShape.prototype = Object.prototype;
IndividualShape.prototype = Object.prototype;
CorporationShape.prototype = Object.prototype;

/** An address of the fields given (line1, line2, city, country, province, postal code: the order a row is read in). */
export const newAddress = AddressShape as unknown as new (...args: Parameters<typeof AddressShape>) => Address;
/** An individual's record with the fields given, `source.row` last. */
export const newIndividual = IndividualShape as unknown as new (...args: Parameters<typeof IndividualShape>) => IndividualRecord;
/** A corporation's record with the fields given, `source.row` last. */
export const newCorporation = CorporationShape as unknown as new (...args: Parameters<typeof CorporationShape>) => CorporationRecord;
