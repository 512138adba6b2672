import { Compass } from 'lucide-react';
import { Link } from 'react-router';
import { EmptyState } from '../components/ui/EmptyState';

export function NotFoundPage() {
  return (
    <>
      <title>Not found · OpsManager</title>
      <EmptyState icon={<Compass />} title="This page does not exist">
        <Link to="/" className="text-link hover:underline">
          Go to the overview
        </Link>
      </EmptyState>
    </>
  );
}
