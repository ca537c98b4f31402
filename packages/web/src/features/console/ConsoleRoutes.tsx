import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../not-found/NotFoundPage';
import { BulkUploadPage } from './BulkUploadPage';
import { ConsoleHome } from './ConsoleHome';
import { ConsoleLayout } from './ConsoleLayout';
import { ConsoleSecurityPage } from './ConsoleSecurityPage';
import { DocumentStatusPage } from './DocumentStatusPage';
import { DocumentTypeFormPage } from './DocumentTypeFormPage';
import { IssueDocumentPage } from './IssueDocumentPage';
import { IssuerAdminPage } from './IssuerAdminPage';
import { RegisterIssuerPage } from './RegisterIssuerPage';
import { StatisticsPage } from './StatisticsPage';
import { AuditLogPage } from './AuditLogPage';
import { RequestersPage } from './RequestersPage';

/** /console/*: loaded only when someone opens the console, so residents never download it. */
export default function ConsoleRoutes() {
  return (
    <Routes>
      <Route element={<ConsoleLayout />}>
        <Route index element={<ConsoleHome />} />
        <Route path="issue" element={<IssueDocumentPage />} />
        <Route path="status" element={<DocumentStatusPage />} />
        <Route path="bulk" element={<BulkUploadPage />} />
        <Route path="issuers/new" element={<RegisterIssuerPage />} />
        <Route path="statistics" element={<StatisticsPage />} />
        <Route path="audit" element={<AuditLogPage />} />
        <Route path="requesters" element={<RequestersPage />} />
        <Route path="security" element={<ConsoleSecurityPage />} />
        <Route path="issuers/:orgId" element={<IssuerAdminPage />} />
        <Route path="issuers/:orgId/document-types/new" element={<DocumentTypeFormPage />} />
        <Route path="*" element={<NotFoundPage home="/console" />} />
      </Route>
    </Routes>
  );
}
