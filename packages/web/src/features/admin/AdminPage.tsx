export default function AdminPage() {
  return <div>AdminPage</div>;
}
