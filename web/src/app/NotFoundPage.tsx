import { Compass } from 'lucide-react';
import { Link } from 'react-router';
import { EmptyState } from '../components/ui/EmptyState';

export function NotFoundPage() {
  return (
    <>
      <title>Not found · OpsManager</title>
      <EmptyState icon={<Compass />} title="This page does not exist">
        <Link to="/" className="text-link underline underline-offset-2 hover:no-underline">
          Go to the overview
        </Link>
      </EmptyState>
    </>
  );
}
