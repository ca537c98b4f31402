import type { Templates } from './types.js';

export const hi: Templates = {
  document_issued: (p) => `तिजोरी: ${p.issuer} ने आपका ${p.document} जारी किया है। यह आपकी तिजोरी में "जारी दस्तावेज़" में है।`,
  document_updated: (p) => `तिजोरी: ${p.issuer} ने आपका ${p.document} अपडेट किया है। नया संस्करण आपकी तिजोरी में है।`,
  document_suspended: (p) => `तिजोरी: ${p.issuer} ने आपका ${p.document} निलंबित किया है${p.reason ? `। कारण: ${p.reason}` : ''}। बहाल होने तक यह मान्य नहीं दिखेगा।`,
  document_revoked: (p) => `तिजोरी: ${p.issuer} ने आपका ${p.document} रद्द किया है${p.reason ? `। कारण: ${p.reason}` : ''}। यह अब मान्य नहीं है।`,
  document_reinstated: (p) => `तिजोरी: ${p.issuer} ने आपका ${p.document} बहाल किया है। यह फिर से मान्य है।`,
  documents_received: (p) => `तिजोरी: पहले आपके लिए जारी ${p.count} दस्तावेज़ अब आपकी तिजोरी में हैं।`,
  pull_arrived: (p) => `तिजोरी: आपने ${p.issuer} से जो ${p.document} माँगा था, वह आपकी तिजोरी में आ गया है।`,
  new_sign_in: (p) => `तिजोरी: आपके खाते में ${p.device} पर ${p.time} को नया साइन इन हुआ। अगर यह आप नहीं थे, तो अपना PIN बदलें और हर जगह से साइन आउट करें।`,
};
