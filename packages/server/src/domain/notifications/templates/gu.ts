import type { Templates } from './types.js';

export const gu: Templates = {
  document_issued: (p) => `તિજોરી: ${p.issuer} એ તમારું ${p.document} જારી કર્યું છે. તે તમારી તિજોરીમાં "જારી દસ્તાવેજો" માં છે.`,
  document_updated: (p) => `તિજોરી: ${p.issuer} એ તમારું ${p.document} અપડેટ કર્યું છે. નવું સંસ્કરણ તમારી તિજોરીમાં છે.`,
  document_suspended: (p) =>
    `તિજોરી: ${p.issuer} એ તમારું ${p.document} સ્થગિત કર્યું છે${p.reason ? `. કારણ: ${p.reason}` : ''}. ફરી માન્ય ન થાય ત્યાં સુધી તે માન્ય દેખાશે નહીં.`,
  document_revoked: (p) => `તિજોરી: ${p.issuer} એ તમારું ${p.document} રદ કર્યું છે${p.reason ? `. કારણ: ${p.reason}` : ''}. તે હવે માન્ય નથી.`,
  document_reinstated: (p) => `તિજોરી: ${p.issuer} એ તમારું ${p.document} ફરી માન્ય કર્યું છે.`,
  documents_received: (p) => `તિજોરી: અગાઉ તમારા માટે જારી થયેલા ${p.count} દસ્તાવેજ હવે તમારી તિજોરીમાં છે.`,
  pull_arrived: (p) => `તિજોરી: તમે ${p.issuer} પાસેથી માંગેલું ${p.document} તમારી તિજોરીમાં આવી ગયું છે.`,
  new_sign_in: (p) => `તિજોરી: તમારા ખાતામાં ${p.device} પર ${p.time} એ નવું સાઇન ઇન થયું. જો આ તમે ન હો, તો તમારો PIN બદલો અને બધે સાઇન આઉટ કરો.`,
};
