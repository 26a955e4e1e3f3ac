export default function OverviewPage() {
  return <div>OverviewPage</div>;
}
